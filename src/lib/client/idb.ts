/**
 * One object store in an IndexedDB database of its own (plain IndexedDB, no library), opened for
 * each use and closed after it, so no connection stays open between uses. The technician app's
 * outbox and report drafts each keep one. A database's name, version and store are what phones in
 * the field already hold data under: changing any of them strands what is stored.
 */
export type StoreRef = { database: string; version: number; store: string; keyPath: string };

function openDatabase({ database, version, store, keyPath }: StoreRef): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open(database, version);
		request.onupgradeneeded = () => {
			if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store, { keyPath });
		};
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

/** The store's runner: each call runs `run` in one transaction and resolves with its request's result once that has committed. */
export function objectStore(ref: StoreRef) {
	return async <T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> => {
		const db = await openDatabase(ref);
		try {
			return await new Promise<T | undefined>((resolve, reject) => {
				const tx = db.transaction(ref.store, mode);
				const request = run(tx.objectStore(ref.store));
				tx.oncomplete = () => resolve(request ? request.result : undefined);
				tx.onerror = () => reject(tx.error);
				tx.onabort = () => reject(tx.error);
			});
		} finally {
			db.close();
		}
	};
}
