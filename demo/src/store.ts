/**
 * The page's IndexedDB stores, one database per component so their data stay apart:
 * - the device's identity store: template, salt and secret stay here and nowhere else (one record
 *   per registry, `chainId:registry`, so restarting the demo chain does not mix identities);
 * - the enrollment station's index of enrolled codes (`station.ts`; a real station keeps it on its
 *   own hardware, not on the holder's device).
 */
import type { Address, Hash } from 'viem'

/** Database and object store names of the device's identity (the tests read the record through them). */
export const STORE_DB = 'zkml-identity-demo'
export const STORE_NAME = 'identities'
/** Database and object store names of the enrollment station's index. */
export const STATION_DB = 'zkml-enrollment-station'
export const STATION_STORE = 'index'

/** What the device keeps after enrolling. */
export type StoredIdentity = {
  /** `chainId:registry` (lower case). */
  key: string
  /** The identity seed of the synthetic iris (demo only: a real device has an eye instead). */
  seed: string
  /** The enrolled code (512 bytes of 0/1), as the station captured it. */
  template: Uint8Array
  salt: bigint
  secret: bigint
  /** The public leaf the station enrolled, its position and the enrollment transaction. */
  leaf: bigint
  index: number
  transactionHash: Hash
  enrolledAt: number
}

/** What the station keeps for a registry: its index of enrolled codes (and their leaves). */
export type StoredStationIndex = { key: string; codes: { code: Uint8Array; leaf: bigint }[] }

/** The key of a registry's record. */
export const storeKey = (chainId: number, registry: Address) => `${chainId}:${registry.toLowerCase()}`

/** A keyed IndexedDB object store (`keyPath: 'key'`). */
export type KeyedStore<T extends { key: string }> = {
  get(key: string): Promise<T | undefined>
  put(record: T): Promise<void>
  delete(key: string): Promise<void>
}

/**
 * Opens (lazily, per call) one object store of one database.
 *
 * @param parameters.db - Database name.
 * @param parameters.store - Object store name.
 */
export function keyedStore<T extends { key: string }>({ db, store }: { db: string; store: string }): KeyedStore<T> {
  const open = () =>
    new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(db, 1)
      req.onupgradeneeded = () => req.result.createObjectStore(store, { keyPath: 'key' })
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
  const transact = async <R>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<R>): Promise<R> => {
    const handle = await open()
    try {
      return await new Promise<R>((resolve, reject) => {
        const tx = handle.transaction(store, mode)
        const req = fn(tx.objectStore(store))
        tx.oncomplete = () => resolve(req.result)
        tx.onerror = () => reject(tx.error)
        tx.onabort = () => reject(tx.error)
      })
    } finally {
      handle.close()
    }
  }
  return {
    get: async (key) => (await transact('readonly', (s) => s.get(key) as IDBRequest<T | undefined>)) ?? undefined,
    put: async (record) => {
      await transact('readwrite', (s) => s.put(record))
    },
    delete: async (key) => {
      await transact('readwrite', (s) => s.delete(key))
    },
  }
}

/** The device's identity store. */
export const identityStore = keyedStore<StoredIdentity>({ db: STORE_DB, store: STORE_NAME })
/** The enrollment station's index store. */
export const stationStore = keyedStore<StoredStationIndex>({ db: STATION_DB, store: STATION_STORE })
