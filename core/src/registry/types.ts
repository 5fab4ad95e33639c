import Type from 'typebox';

/** The plan's building clusters (产业集聚区), with the count of operating buildings the plan gives. */
export const CLUSTERS = ['taiyuanjie', 'sanhaojie', 'xita_beishi_nanshi', 'hunhe'] as const;
export type ClusterId = (typeof CLUSTERS)[number];

export const CLUSTER_NAMES: { readonly [C in ClusterId]: { zh: string; en: string } } = {
  taiyuanjie: { zh: '太原街商贸金融产业区', en: 'Taiyuan Street trade & finance cluster' },
  sanhaojie: { zh: '三好街创新创业示范区', en: 'Sanhao Street innovation cluster' },
  xita_beishi_nanshi: { zh: '西塔北市南市文化产业区', en: 'Xita-Beishi-Nanshi culture cluster' },
  hunhe: { zh: '浑河文化旅游产业发展带', en: 'Hunhe culture & tourism belt' },
};

/** Tax tiers the plan counts (全口径税收): >= 100 M CNY, 70-100 M, 50-70 M. */
export const TAX_TIERS = ['over_100m', '70m_100m', '50m_70m'] as const;
export type TaxTier = (typeof TAX_TIERS)[number];

const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' });
const Area = Type.Number({ exclusiveMinimum: 0, maximum: 10_000_000 });
const Count = Type.Integer({ minimum: 0, maximum: 1_000_000 });

/** How many head-end devices each 5A subsystem has; 0 means the building lacks that subsystem. */
export const SubsystemInventory = Type.Object(
  { ba: Count, ca: Count, oa: Count, fa: Count, sa: Count },
  { additionalProperties: false },
);

/** The tenancy a building starts from (the simulators drift from it; gateways report the live figure). */
export const TenancyBaseline = Type.Object(
  {
    leased_m2: Type.Number({ minimum: 0 }),
    tenants: Count,
    tenants_by_industry: Type.Object(
      { trade: Count, tech: Count, finance: Count, culture: Count, other: Count },
      { additionalProperties: false },
    ),
    registered_local: Count,
  },
  { additionalProperties: false },
);

export const BuildingSchema = Type.Object(
  {
    id: Id,
    name: Type.Object(
      { zh: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
      { additionalProperties: false },
    ),
    /** True when the plan does not name this building and the registry made it up to reach the plan's counts. */
    generated: Type.Boolean(),
    cluster: Type.Enum(CLUSTERS),
    /** The sub-district (街道) the building stands in, e.g. 太原街, 南湖, 南市场. */
    street: Type.Object(
      { zh: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
      { additionalProperties: false },
    ),
    floors: Type.Integer({ minimum: 1, maximum: 200 }),
    basement_floors: Type.Integer({ minimum: 0, maximum: 10 }),
    gross_floor_area_m2: Area,
    leasable_area_m2: Area,
    parking_spaces: Count,
    passenger_elevators: Count,
    subsystems: SubsystemInventory,
    /** Position on the schematic district map, 0..1000 on both axes (no map tiles). */
    position: Type.Object(
      { x: Type.Number({ minimum: 0, maximum: 1000 }), y: Type.Number({ minimum: 0, maximum: 1000 }) },
      { additionalProperties: false },
    ),
    /** The plan's tax tier for this building, where the plan names it. */
    tax_tier: Type.Optional(Type.Enum(TAX_TIERS)),
    /** Annual tax (全口径, CNY) used as the baseline for simulated `tax_ytd_cny`. */
    annual_tax_cny: Type.Optional(Type.Number({ minimum: 0 })),
    tenancy: TenancyBaseline,
  },
  { additionalProperties: false },
);
export type Building = Type.Static<typeof BuildingSchema>;

export const RegistrySchema = Type.Object(
  {
    district: Type.Object(
      {
        id: Id,
        name: Type.Object({ zh: Type.String(), en: Type.String() }, { additionalProperties: false }),
        time_zone: Type.String({ minLength: 1 }),
      },
      { additionalProperties: false },
    ),
    buildings: Type.Array(BuildingSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type RegistryData = Type.Static<typeof RegistrySchema>;

/** A loaded registry: the data plus a lookup by id. */
export interface Registry extends RegistryData {
  byId: ReadonlyMap<string, Building>;
}
