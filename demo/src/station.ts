/**
 * The enrollment station (the "orb") as its own component of the page. It holds the registry's
 * issuer key and its index of enrolled codes (in its own IndexedDB database), takes the enrollment
 * capture, and refuses an iris whose code is within τ of one it has enrolled
 * (`createEnrollmentStation` from `@zkml/web/identity`). The device hands it only a salt and
 * `Poseidon(secret)`; it hands back the template and the leaf it enrolled.
 *
 * Demo shortcut: the station runs in the same page as the device (so even the enrollment capture
 * makes no request), and its key is anvil's well-known dev key from `/config.json`. A real station is
 * separate hardware that sees the enrollment capture and keeps the index.
 */
import { createChainClients } from '@zkml/web/chain'
import { createEnrollmentStation, type EnrollmentRequest, type EnrollmentStation, type StationEnrollReturnType } from '@zkml/web/identity'
import type { DemoConfig } from './config.js'
import { stationStore } from './store.js'
import { byTestId, shortHex } from './ui.js'

/** The handle {@link createDemoStation} returns. */
export type DemoStation = ReturnType<typeof createDemoStation>

/**
 * The station for the demo's registry (its index is restored by `restore`).
 *
 * @param parameters.config - {@link DemoConfig}
 * @param parameters.key - The registry's store key (`storeKey`).
 */
export function createDemoStation({ config, key }: { config: DemoConfig; key: string }) {
  const issuer = createChainClients({ rpcUrl: config.rpcUrl, timeoutMs: 15_000, privateKey: config.issuer.privateKey })
  let station: EnrollmentStation | undefined
  const show = (decision?: string) => {
    byTestId('station-count').textContent = String(station?.enrolled().length ?? 0)
    if (decision !== undefined) byTestId('station-decision').textContent = decision
  }
  const persist = () => stationStore.put({ key, codes: station!.enrolled() })

  return {
    /** The issuer account whose key the station holds. */
    issuer: config.issuer.address,
    /**
     * Restores the index for this registry, keeping only codes whose leaf the registry holds (a
     * restarted demo chain has none of them).
     */
    async restore(leaves: readonly bigint[]) {
      const onChain = new Set(leaves)
      const stored = (await stationStore.get(key))?.codes ?? []
      const enrolled = stored.filter((e) => onChain.has(e.leaf))
      station = createEnrollmentStation({ ...issuer, address: config.registry, enrolled, threshold: config.threshold })
      if (enrolled.length !== stored.length) await persist()
      show()
    },
    /**
     * Deduplicates and enrolls.
     * @throws {DuplicateEnrollmentError} (name) When the iris is already enrolled; nothing is sent.
     */
    async enroll(request: EnrollmentRequest): Promise<StationEnrollReturnType> {
      if (!station) throw new Error('the enrollment station is not ready')
      try {
        const res = await station.enroll(request)
        await persist()
        show(`enrolled leaf #${res.index} (${shortHex(res.leaf)}): no enrolled code within τ`)
        return res
      } catch (e) {
        const err = e as { name?: string; distance?: number; enrolledIndex?: number; threshold?: number }
        if (err?.name === 'DuplicateEnrollmentError')
          show(`refused: ${err.distance} bits from enrolled code #${err.enrolledIndex} (τ = ${err.threshold}), the same iris`)
        throw e
      }
    },
  }
}
