/**
 * The Remind Me page: lists, adds and deletes reminders through the web server's proxy routes
 * (relative URLs, so the page also works under a path prefix). No framework: three elements change.
 */

interface Reminder {
  id: string;
  title: string;
  dueDate: string;
}

const form = elementById<HTMLFormElement>('add');
const titleInput = elementById<HTMLInputElement>('title');
const dueInput = elementById<HTMLInputElement>('due');
const message = elementById<HTMLParagraphElement>('message');
const list = elementById<HTMLUListElement>('reminders');
const empty = elementById<HTMLParagraphElement>('empty');
const loading = elementById<HTMLParagraphElement>('loading');

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const UNAVAILABLE = 'The reminder service is not answering right now.';

function elementById<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

/** A failed call: a sentence a person can read, and the HTTP status (0 when there was no answer). */
class CallError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** A call to the web server's proxy routes; rejects with a CallError. */
async function callServer(method: string, path: string, body?: unknown): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new CallError(UNAVAILABLE, 0);
  }
  if (response.ok) return response;
  if (response.status >= 500) throw new CallError(UNAVAILABLE, response.status);
  const answer = await response.json().catch(() => undefined);
  throw new CallError(answer?.message ?? `The server answered ${response.status}.`, response.status);
}

/** The one message line under the form: what went wrong and what to do. */
function showMessage(text: string): void {
  message.textContent = text;
  message.hidden = false;
}

function hideMessage(): void {
  message.textContent = '';
  message.hidden = true;
}

/**
 * The typed local time with the browser's offset at that date (summer time included), so the
 * API stores the instant the person meant and the page shows back the time they typed.
 */
function withOffset(local: string): string {
  const minutes = -new Date(local).getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const pad = (n: number) => String(Math.floor(n)).padStart(2, '0');
  const seconds = local.length === 16 ? ':00' : '';
  return `${local}${seconds}${sign}${pad(Math.abs(minutes) / 60)}:${pad(Math.abs(minutes) % 60)}`;
}

function showReminders(reminders: Reminder[]): void {
  const now = Date.now();
  const sorted = [...reminders].sort(
    (a, b) => Date.parse(a.dueDate) - Date.parse(b.dueDate) || a.title.localeCompare(b.title),
  );
  list.replaceChildren(...sorted.map((reminder) => reminderRow(reminder, Date.parse(reminder.dueDate) < now)));
  loading.hidden = true;
  empty.hidden = sorted.length > 0;
}

function reminderRow(reminder: Reminder, overdue: boolean): HTMLLIElement {
  const item = document.createElement('li');
  item.className = overdue ? 'overdue' : '';
  const title = document.createElement('span');
  title.className = 'reminder-title';
  title.textContent = reminder.title;
  const due = document.createElement('time');
  due.dateTime = reminder.dueDate;
  due.textContent = dateFormat.format(new Date(reminder.dueDate));
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.append(due);
  if (overdue) {
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.textContent = 'Overdue';
    meta.append(badge);
  }
  const text = document.createElement('div');
  text.className = 'reminder-text';
  text.append(title, meta);
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'delete';
  remove.textContent = 'Delete';
  remove.setAttribute('aria-label', `Delete ${reminder.title}`);
  remove.addEventListener('click', () => void deleteReminder(reminder, item));
  item.append(text, remove);
  return item;
}

async function loadReminders(): Promise<void> {
  try {
    const response = await callServer('GET', 'Proxy/GetAllReminders');
    showReminders((await response.json()) as Reminder[]);
  } catch (err) {
    loading.hidden = true;
    showMessage(`${(err as Error).message} Your reminders cannot be shown; reload the page in a moment.`);
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = form.querySelector('button')!;
  button.disabled = true;
  try {
    await callServer('POST', 'Proxy/SaveReminder', { title: titleInput.value.trim(), dueDate: withOffset(dueInput.value) });
    hideMessage();
    form.reset();
    await loadReminders();
  } catch (err) {
    // What was typed stays in the form, ready for another try.
    showMessage(`${(err as Error).message} Nothing was saved; what you typed is kept, so please try again in a moment.`);
  } finally {
    button.disabled = false;
    titleInput.focus();
  }
});

async function deleteReminder(reminder: Reminder, item: HTMLLIElement): Promise<void> {
  try {
    await callServer('DELETE', `Proxy/DeleteReminder/${encodeURIComponent(reminder.id)}`);
  } catch (err) {
    // 404: someone else deleted it already, which is what was asked.
    if ((err as CallError).status !== 404) {
      showMessage(`${(err as Error).message} "${reminder.title}" was not deleted; please try again in a moment.`);
      return;
    }
  }
  hideMessage();
  // Keyboard users keep their place: focus moves to the next row's button, or back to the form.
  const next = (item.nextElementSibling ?? item.previousElementSibling)?.querySelector('button');
  item.remove();
  empty.hidden = list.children.length > 0;
  (next ?? titleInput).focus();
}

void loadReminders();
