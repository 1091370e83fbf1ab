import { join } from 'node:path';
import { call } from '../../api/test/support/http';
import { firstLoadBytes, openBrowser, tabTo, typeDue, type Browser } from './support/browser';
import { cleanUp, startApi, startWeb, stop, tempDir, type RunningServer } from './support/processes';

const FIRST_LOAD_LIMIT = 50 * 1024;

/** One person's visit, step by step, in Chromium: each test starts where the previous one ended. */
describe('the page in a real browser, against real web and API processes', () => {
  const dbPath = join(tempDir(), 'reminder.db');
  let api: RunningServer;
  let web: RunningServer;
  let browser: Browser;
  const page = () => browser.page;
  const title = () => page().getByRole('textbox', { name: 'Title' });
  const due = () => page().getByLabel('Due');
  const addButton = () => page().getByRole('button', { name: 'Add reminder' });
  const rows = () => page().getByRole('listitem');
  const storedTitles = async () => (await call(api.url, 'GET', '/api/Reminder/all')).body.map((r: { title: string }) => r.title);

  /** Tab to the form, type a title and a due date, Tab to "Add reminder" and press Enter: no mouse. */
  async function addWithKeyboard(text: string, dueDate: Parameters<typeof typeDue>[1]): Promise<void> {
    await tabTo(page(), title());
    await page().keyboard.type(text);
    await page().keyboard.press('Tab');
    await typeDue(page(), dueDate);
    await tabTo(page(), addButton());
    await page().keyboard.press('Enter');
  }

  beforeAll(async () => {
    api = await startApi(0, dbPath);
    web = await startWeb(api.url);
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await cleanUp();
  });

  test(`GIVEN an empty API WHEN the page is first opened THEN it says there is nothing yet, in under ${FIRST_LOAD_LIMIT / 1024} KB`, async () => {
    const load = await firstLoadBytes(page(), web.url);
    console.log(`first load: ${load.bytes} bytes transferred in ${load.requests.length} requests (${load.requests.join(', ')})`);

    expect(load.bytes).toBeLessThan(FIRST_LOAD_LIMIT);
    expect(load.requests).toContain('/Proxy/GetAllReminders');
    await expect(page().getByText('Nothing to remember yet.').isVisible()).resolves.toBe(true);
  });

  test('GIVEN the page WHEN a reminder is added with the keyboard alone THEN it is listed at the time typed, stored with the browser\'s offset, and still there after a reload', async () => {
    await addWithKeyboard('Water the plants', { month: '12', day: '01', year: '2030', time: '0930A' });

    await rows().first().waitFor();
    expect(await rows().allInnerTexts()).toEqual([expect.stringMatching(/^Water the plants\nDec 1, 2030, 9:30 AM\nDelete$/)]);
    // Berlin is an hour ahead of UTC in December.
    expect((await call(api.url, 'GET', '/api/Reminder/all')).body[0].dueDate).toBe('2030-12-01T08:30:00.000Z');
    expect([await title().inputValue(), await due().inputValue()]).toEqual(['', '']);
    await page().reload();
    await rows().first().waitFor();
    expect(await rows().count()).toBe(1);
  });

  test('GIVEN reminders stored in any order, one past due WHEN the page is opened THEN they are sorted by due date and only the past one is marked overdue', async () => {
    for (const [reminderTitle, dueDate] of [['Book flights', '2031-03-01T12:00:00Z'], ['Renew passport', '2020-01-15T10:00:00Z']]) {
      await call(api.url, 'POST', '/api/Reminder', { body: { title: reminderTitle, dueDate } });
    }

    await page().reload();
    await rows().nth(2).waitFor();

    expect(await page().locator('.reminder-title').allInnerTexts()).toEqual(['Renew passport', 'Water the plants', 'Book flights']);
    expect(await rows().filter({ hasText: 'Overdue' }).locator('.reminder-title').allInnerTexts()).toEqual(['Renew passport']);
  });

  test('GIVEN a listed reminder WHEN its Delete button is reached with Tab and pressed THEN it is gone from the page and the API, and the focus stays in the list', async () => {
    const remove = page().getByRole('button', { name: 'Delete Water the plants' });

    await tabTo(page(), remove);
    await page().keyboard.press('Enter');
    await remove.waitFor({ state: 'detached' });

    expect(await storedTitles()).toEqual(['Book flights', 'Renew passport']);
    expect(await page().evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Delete Book flights');
  });

  test('GIVEN the API stopped WHEN a reminder is added THEN a polite message says so and what was typed is kept; once the API is back, Enter saves it', async () => {
    const port = Number(new URL(api.url).port);
    await stop(api);

    await addWithKeyboard('Call the plumber', { month: '06', day: '15', year: '2031', time: '0800A' });
    const message = page().getByRole('alert');
    await message.waitFor();

    expect(await message.innerText()).toBe(
      'The reminder service is not answering right now. Nothing was saved; what you typed is kept, so please try again in a moment.',
    );
    expect([await title().inputValue(), await due().inputValue()]).toEqual(['Call the plumber', '2031-06-15T08:00']);

    api = await startApi(port, dbPath);
    // The focus went back to the title: Enter there submits the form again.
    await page().keyboard.press('Enter');
    await page().getByText('Call the plumber').waitFor();

    expect(await message.isVisible()).toBe(false);
    expect(await storedTitles()).toEqual(['Book flights', 'Renew passport', 'Call the plumber']);
  });
});
