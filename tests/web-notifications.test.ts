// Issue 19, item 1, in a real browser (Debian's chromium): district staff open 通知 from the navigation, add
// a webhook channel, press "send test" (a real local receiver gets the signed test message and the page
// says it was sent), rename the channel, add a rule that sends critical alarms to it, and a weekly report.
import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserHandle } from './harness/browser.ts';
import { startHttpReceiver, type HttpReceiver } from './harness/http-receiver.ts';
import { stopAll } from './harness/stop-all.ts';
import { POLL } from './harness/until.ts';
import { openSignedIn, startWebStack, WEB_USERS, type WebStack } from './harness/web-stack.ts';

let stack: WebStack;
let browser: BrowserHandle;
let page: Page;
let receiver: HttpReceiver;

beforeAll(async () => {
  [stack, receiver] = await Promise.all([startWebStack(), startHttpReceiver()]);
  browser = await launchBrowser();
  page = await openSignedIn(browser, stack, { username: WEB_USERS.district, locale: 'zh' });
});

afterAll(() =>
  stopAll(
    () => browser?.close(),
    () => stack?.close(),
    () => receiver?.stop(),
  ),
);

describe('the notifications page', () => {
  it('adds a channel, sends a test through it, edits it, and adds a rule', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '通知' }).click();
    await page.waitForURL(/\/notifications$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText(), POLL).toBe('告警通知');
    await page.getByText('还没有通知渠道').waitFor();

    await page.getByRole('button', { name: '添加渠道' }).click();
    const channelForm = page.getByTestId('notify-channel-form');
    await channelForm.getByLabel('名称').fill('指挥中心 webhook');
    await channelForm.getByLabel('类型').selectOption('webhook');
    await channelForm.getByLabel('地址（URL）').fill(`${receiver.url}/hook`);
    await channelForm.getByLabel('签名密钥').fill('browser-test-secret-123456');
    await channelForm.getByRole('button', { name: '保存' }).click();
    const row = page.getByTestId('notify-channel');
    await expect.poll(() => row.count(), POLL).toBe(1);
    expect(await row.innerText()).toContain('Webhook（签名）');
    expect(await page.content()).not.toContain('browser-test-secret-123456');

    await row.getByRole('button', { name: '发送测试' }).click();
    await expect.poll(() => row.getByTestId('notify-test-result').innerText(), POLL).toBe('测试消息已发送');
    expect(receiver.requests).toHaveLength(1);
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ test: true });
    expect(receiver.requests[0]!.headers['x-louyu-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);

    // Edit the name; the masked secret is sent back as it is and the stored one is kept.
    await row.getByRole('button', { name: '编辑' }).click();
    await channelForm.getByLabel('名称').fill('指挥中心值班 webhook');
    await channelForm.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.innerText(), POLL).toContain('指挥中心值班 webhook');
    await row.getByRole('button', { name: '发送测试' }).click();
    await expect.poll(() => receiver.requests.length, POLL).toBe(2);
    const again = receiver.requests[1]!;
    const stamp = String(again.headers['x-louyu-timestamp']);
    expect(again.headers['x-louyu-signature']).toBe(
      `sha256=${createHmac('sha256', 'browser-test-secret-123456').update(`${stamp}.${again.body}`).digest('hex')}`,
    );

    await page.getByRole('button', { name: '添加规则' }).click();
    const ruleForm = page.getByTestId('notify-rule-form');
    await ruleForm.getByLabel('名称').fill('紧急告警');
    await ruleForm.getByRole('checkbox', { name: '紧急', exact: true }).check();
    await ruleForm.getByRole('checkbox', { name: '已恢复', exact: true }).uncheck();
    await ruleForm.getByRole('button', { name: '保存' }).click();
    const rule = page.getByTestId('notify-rule');
    await expect.poll(() => rule.count(), POLL).toBe(1);
    const text = await rule.innerText();
    expect(text).toContain('紧急告警');
    expect(text).toContain('指挥中心值班 webhook');
    expect(text).toContain('新告警、告警升级');
    expect(text).not.toContain('已恢复');
    const rules = (await stack.get('/api/notifications/rules')) as {
      severities: string[];
      events: string[];
    }[];
    expect(rules).toEqual([
      expect.objectContaining({ severities: ['critical'], events: ['raised', 'escalated'] }),
    ]);

    // A weekly report to the same channel, and "send now" queues this week's report so far.
    await page.getByRole('button', { name: '添加报表推送' }).click();
    await page.getByTestId('notify-report-form').getByRole('button', { name: '保存' }).click();
    const report = page.getByTestId('notify-report');
    await expect.poll(() => report.count(), POLL).toBe(1);
    await report.getByRole('button', { name: '立即发送' }).click();
    await expect.poll(() => report.getByRole('status').innerText(), POLL).toContain('已加入发送队列');
    await expect.poll(() => receiver.requests.length, POLL).toBe(3);
    expect((JSON.parse(receiver.requests[2]!.body) as { title: string }).title).toContain('每周调度');
    await browser.screenshot(page, 'notifications-zh');
  });
});
