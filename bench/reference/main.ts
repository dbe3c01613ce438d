/**
 * The bare reference for the popup's first paint: the least an extension page can do to show the
 * same first rows, i.e. raw IndexedDB in the extension's origin, one read by the `byUpdated` index,
 * plain DOM. No framework, no messaging, no background. It exists only in the bench build
 * (bench/wxt-hook.ts); the popup's time is judged against this one's on the same machine, in the
 * same run.
 *
 * Query: `partition` (required), `read` rows read from the index, `paint` rows put into the DOM.
 */
const DB_NAME = 'job-status-companion';

interface StoredJob {
  id: string;
  name: string;
  organization: string;
  status: string;
}

const params = new URLSearchParams(location.search);
const partition = params.get('partition') ?? '';
const read = Number(params.get('read') ?? 50);
const paint = Number(params.get('paint') ?? 50);

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME);
    // Opening a database that does not exist would create it empty, at a version the background then takes as its own.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function newest(db: IDBDatabase): Promise<StoredJob[]> {
  return new Promise((resolve, reject) => {
    const index = db.transaction('jobs', 'readonly').objectStore('jobs').index('byUpdated');
    const range = IDBKeyRange.bound([partition, ''], [partition, '\uffff']);
    // getAll has no direction; a cursor walking backwards is the cheapest "newest N".
    const request = index.openCursor(range, 'prev');
    const jobs: StoredJob[] = [];
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor || jobs.length >= read) return resolve(jobs);
      jobs.push((cursor.value as { job: StoredJob }).job);
      cursor.continue();
    };
    request.onerror = () => reject(request.error);
  });
}

function render(jobs: StoredJob[]): void {
  const list = document.getElementById('list')!;
  const fragment = document.createDocumentFragment();
  for (const job of jobs.slice(0, paint)) {
    const row = document.createElement('div');
    row.className = 'row';
    row.setAttribute('role', 'option');
    row.dataset.jobId = job.id;
    const name = row.appendChild(document.createElement('span'));
    name.className = 'name';
    name.textContent = `${job.name} · ${job.status}`;
    const meta = row.appendChild(document.createElement('span'));
    meta.className = 'meta';
    meta.textContent = `${job.organization} · ${job.id}`;
    fragment.append(row);
  }
  list.append(fragment);
}

// Without a partition this is the bench's control page: it only sends messages.
if (partition) void open()
  .then(newest)
  .then(render)
  .catch((error: unknown) => {
    document.body.dataset.error = String(error);
  });
