// The reminders a suite writes and must never lose: every one an API or the web
// acknowledged (201) is remembered, and any listing can be checked against them.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { http } from './cluster';
import { waitFor } from './kube';

export class Reminders {
  /** Every reminder acknowledged with 201, by id. */
  readonly acknowledged = new Map<string, string>();

  /** POSTs a reminder to `url` (the API's /api/Reminder or the web's /Proxy/SaveReminder); it must be acknowledged. */
  async save(url: string, title: string): Promise<{ id: string; title: string }> {
    const r = await http(url, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title, dueDate: '2026-12-01T09:00:00Z' }),
    });
    assert.equal(r.status, 201, `POST ${url}: ${r.status} ${r.body}`);
    const saved = JSON.parse(r.body);
    this.acknowledged.set(saved.id, saved.title);
    return saved;
  }

  /** The reminders `url` lists, by id. */
  async titles(url: string): Promise<Map<string, string>> {
    const r = await http(url);
    assert.equal(r.status, 200, `GET ${url}: ${r.status} ${r.body}`);
    return new Map(JSON.parse(r.body).map((x: any) => [x.id, x.title]));
  }

  /**
   * Asserts that every acknowledged reminder is listed by `url`, once it answers:
   * after a pod is replaced, its DNS name points at the new address within the
   * record's TTL (5 s).
   */
  async noneLost(t: TestContext, url: string, where: string): Promise<void> {
    const listed = await waitFor(`${where} answering`, 30, () => this.titles(url).catch(() => undefined));
    const lost = [...this.acknowledged].filter(([id]) => !listed.has(id));
    assert.deepEqual(lost, [], `acknowledged reminders missing from ${where}`);
    t.diagnostic(`${where}: all ${this.acknowledged.size} acknowledged reminders listed (${listed.size} in all)`);
  }
}
