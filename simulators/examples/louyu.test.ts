import { startLouyu } from '@louyu/cli';
import { expect, it } from 'vitest';

it('starts a whole Louyu, signs in over REST and lists the buildings', async () => {
  // Broker, ingest, SQLite store, dashboard and 2 simulated buildings; free ports, a temporary data folder.
  const louyu = await startLouyu({ buildings: '2' });
  try {
    const login = await fetch(`${louyu.httpUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(louyu.demoUsers[0]), // district staff
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const buildings = await fetch(`${louyu.httpUrl}/api/buildings`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const list = (await buildings.json()) as { building: { id: string } }[];
    expect(list.map((b) => b.building.id)).toEqual(louyu.registry.buildings.map((b) => b.id));
    expect(louyu.mqttUrl).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/); // your gateway connects here
  } finally {
    await louyu.stop();
  }
});
