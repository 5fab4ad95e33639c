/**
 * The sub-districts (街道) of Heping that hold the district's business buildings, with where each sits on the
 * dashboard's schematic map (0..1000 on both axes, north up): 北市场/西塔 in the north, 马路湾 and 太原街 west
 * of centre, 南市场 in the centre, 南湖 (三好街) to the south, 沈水湾 on the 浑河 bank, 长白 across the river.
 */
export const STREETS = {
  taiyuanjie: { zh: '太原街', en: 'Taiyuanjie', x: 290, y: 400, spread: 85 },
  maluwan: { zh: '马路湾', en: 'Maluwan', x: 470, y: 270, spread: 50 },
  nanshichang: { zh: '南市场', en: 'Nanshichang', x: 540, y: 430, spread: 50 },
  beishichang: { zh: '北市场', en: 'Beishichang', x: 590, y: 120, spread: 50 },
  xita: { zh: '西塔', en: 'Xita', x: 420, y: 110, spread: 45 },
  nanhu: { zh: '南湖', en: 'Nanhu', x: 620, y: 640, spread: 70 },
  shenshuiwan: { zh: '沈水湾', en: 'Shenshuiwan', x: 700, y: 810, spread: 45 },
  changbai: { zh: '长白', en: 'Changbai', x: 430, y: 920, spread: 45 },
} as const;
export type StreetKey = keyof typeof STREETS;
