/**
 * `npm run screenshot -w web`: docs/web-screenshot.png, the page in Chromium with a few reminders,
 * against real web and API processes on loopback.
 */
import { join } from 'node:path';
import { call } from '../../api/test/support/http';
import { openBrowser } from './support/browser';
import { cleanUp, startApi, startWeb } from './support/processes';

const OUTPUT = join(__dirname, '..', '..', 'docs', 'web-screenshot.png');

const reminders = [
  { title: 'Water the plants', dueDate: '2030-12-01T09:30:00+01:00' },
  { title: 'Renew passport', dueDate: '2020-01-15T10:00:00+01:00' },
  { title: 'Book flights for the summer holidays', dueDate: '2031-03-01T18:00:00+01:00' },
  { title: 'Call mom', dueDate: '2030-12-24T18:00:00+01:00' },
];

async function main(): Promise<void> {
  const api = await startApi();
  const web = await startWeb(api.url);
  for (const body of reminders) await call(web.url, 'POST', '/Proxy/SaveReminder', { body });
  const browser = await openBrowser();
  try {
    await browser.page.goto(web.url);
    await browser.page.getByRole('listitem').nth(reminders.length - 1).waitFor();
    await browser.page.screenshot({ path: OUTPUT, fullPage: true });
    console.log(`wrote ${OUTPUT}`);
  } finally {
    await browser.close();
    await cleanUp();
  }
}

main().catch(async (err) => {
  console.error(err);
  await cleanUp();
  process.exitCode = 1;
});
