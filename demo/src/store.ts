/**
 * The device's identity store (IndexedDB): template, salt and secret stay here and nowhere else.
 * One record per registry (`chainId:registry`), so restarting the demo chain does not mix identities.
 */
import type { Address, Hash } from 'viem'

/** Database and object store names (the tests read the record through them). */
export const STORE_DB = 'zkml-identity-demo'
export const STORE_NAME = 'identities'

/** What the device keeps after enrolling. */
export type StoredIdentity = {
  /** `chainId:registry` (lower case). */
  key: string
  /** The identity seed of the synthetic iris (demo only: a real device has an eye instead). */
  seed: string
  /** The enrolled code (512 bytes of 0/1). */
  template: Uint8Array
  salt: bigint
  secret: bigint
  /** The public leaf the issuer enrolled, its position and the enrollment transaction. */
  leaf: bigint
  index: number
  transactionHash: Hash
  enrolledAt: number
}

/** The key of a registry's record. */
export const storeKey = (chainId: number, registry: Address) => `${chainId}:${registry.toLowerCase()}`

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(STORE_DB, 1)
    req.onupgradeneeded = () => req.result.createObjectStore(STORE_NAME, { keyPath: 'key' })
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

async function transact<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open()
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE_NAME, mode)
      const req = fn(tx.objectStore(STORE_NAME))
      tx.oncomplete = () => resolve(req.result)
      tx.onerror = () => reject(tx.error)
      tx.onabort = () => reject(tx.error)
    })
  } finally {
    db.close()
  }
}

/**
 * Saves (or replaces) the identity of a registry.
 *
 * @param identity - {@link StoredIdentity}
 */
export async function saveIdentity(identity: StoredIdentity): Promise<void> {
  await transact('readwrite', (s) => s.put(identity))
}

/**
 * Loads the identity enrolled in a registry.
 *
 * @param key - {@link storeKey}
 * @returns The record, or undefined.
 */
export async function loadIdentity(key: string): Promise<StoredIdentity | undefined> {
  return (await transact('readonly', (s) => s.get(key) as IDBRequest<StoredIdentity | undefined>)) ?? undefined
}

/**
 * Forgets the identity of a registry.
 *
 * @param key - {@link storeKey}
 */
export async function deleteIdentity(key: string): Promise<void> {
  await transact('readwrite', (s) => s.delete(key))
}
