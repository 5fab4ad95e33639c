import type { Registry } from '@louyu/core';
import type { NotifiedTransition } from './model.ts';

/** What every channel sends, rendered from one or several transitions (one message per group). */
export interface Message {
  title: string;
  /** Markdown (WeCom, DingTalk) or plain text lines (e-mail). */
  lines: string[];
  transitions: NotifiedTransition[];
  test: boolean;
}

const EVENT = { raised: '新告警 raised', escalated: '告警升级 escalated', cleared: '已恢复 cleared' };
const SEVERITY = { critical: '紧急', major: '重要', minor: '次要', warning: '提示' };
const TYPE: Record<NotifiedTransition['type'], string> = {
  fire_alarm: '火警 fire alarm',
  intrusion: '入侵 intrusion',
  spool_full: '缓存已满 spool full',
  elevator_fault: '电梯故障 elevator fault',
  fire_fault: '消防设备故障 fire equipment fault',
  gateway_offline: '网关离线 gateway offline',
  device_offline: '设备离线 device offline',
  parking_full: '车位已满 parking full',
};
/** Lines a grouped message lists before it says "and N more" (WeCom takes 4,096 bytes of markdown). */
const MOST_LINES = 30;

/** The message about `transitions` (oldest first), in Chinese first with English, times in the district's zone. */
export function renderMessage(
  transitions: readonly NotifiedTransition[],
  registry: Registry,
  timeZone: string,
): Message {
  const time = new Intl.DateTimeFormat('zh-CN', {
    timeZone,
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
  const place = (building: string) => {
    const b = registry.byId.get(building);
    return b ? `${b.name.zh} (${building})` : building === '_louyu' ? 'Louyu 系统 system' : building;
  };
  const line = (t: NotifiedTransition) =>
    `${EVENT[t.event]} · ${SEVERITY[t.severity]} ${t.severity} · ${TYPE[t.type]} · ${place(t.building)} · ${t.device}` +
    `${t.detail ? ` · ${t.detail}` : ''} · ${time.format(t.at)}`;
  const first = transitions[0];
  let title: string;
  if (transitions.length === 1 && first) {
    title = `【楼宇 Louyu】${EVENT[first.event]}: ${TYPE[first.type]} · ${place(first.building)}`;
  } else {
    const buildings = new Set(transitions.map((t) => t.building)).size;
    title = `【楼宇 Louyu】${transitions.length} 条告警变化 alarm changes · ${buildings} 栋楼宇 buildings`;
  }
  const lines = transitions.slice(0, MOST_LINES).map(line);
  if (transitions.length > MOST_LINES)
    lines.push(`…… 另有 ${transitions.length - MOST_LINES} 条 and ${transitions.length - MOST_LINES} more`);
  return { title, lines, transitions: [...transitions], test: false };
}

/** The message of a channel's "send test" button. */
export function testMessage(channelName: string): Message {
  return {
    title: '【楼宇 Louyu】测试消息 test message',
    lines: [`渠道 channel "${channelName}" 配置正确 is configured correctly.`],
    transitions: [],
    test: true,
  };
}

/** Markdown body for the group robots. */
export function markdown(message: Message): string {
  return [`### ${message.title}`, ...message.lines.map((l) => `- ${l}`)].join('\n');
}
