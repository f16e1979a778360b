/**
 * The network panel: every request of the page and its workers, what each carried, and a live
 * check of every URL and body against fingerprints of the private values (capture, template, salt,
 * secret). Rows of code and asset loads (GET, no body) are folded by default.
 */
import { decodeFunctionData, parseTransaction, type Hex } from 'viem'
import { irisRegistryAbi } from '@zkml/web/identity'
import { findFingerprints, privateFingerprints, type Fingerprint, type PrivateValues } from './fingerprints.js'
import { type NetEntry, subscribeNetworkLog } from './record.js'

/** `decodeURIComponent` that never throws. */
const decoded = (url: string) => {
  try {
    return decodeURIComponent(url)
  } catch {
    return url
  }
}

type Row = NetEntry & { category: 'asset' | 'artifact' | 'rpc' | 'other'; what: string; leaks: string[] }

/** A call's function name (and first argument for `enroll`) from registry calldata. */
function describeCall(data: Hex | undefined): string {
  if (!data || data === '0x') return 'contract creation or transfer'
  try {
    const { functionName, args } = decodeFunctionData({ abi: irisRegistryAbi, data })
    if (functionName === 'enroll') return `enroll(leaf ${String(args?.[0]).slice(0, 12)}…)`
    if (functionName === 'verifyPersonhood') return 'verifyPersonhood(proof, root, nullifier, scope, message)'
    return `${functionName}(…)`
  } catch {
    return `call ${data.slice(0, 10)}`
  }
}

/** What a JSON-RPC body asks for, in words. */
function describeRpc(body: string): string {
  try {
    const parsed = JSON.parse(body) as { method: string; params?: unknown[] } | { method: string; params?: unknown[] }[]
    return (Array.isArray(parsed) ? parsed : [parsed])
      .map(({ method, params }) => {
        if (method === 'eth_sendRawTransaction') return `${method}: ${describeCall(parseTransaction(params![0] as Hex).data)}`
        if (method === 'eth_call' || method === 'eth_estimateGas') return `${method}: ${describeCall((params![0] as { data?: Hex; input?: Hex }).data ?? (params![0] as { input?: Hex }).input)}`
        return method
      })
      .join('; ')
  } catch {
    return `${body.length} bytes`
  }
}

/**
 * Mounts the panel.
 *
 * @param parameters.table - A `<tbody>` for the rows.
 * @param parameters.summary - Where the verdict goes.
 * @param parameters.rpcUrl - The chain's RPC URL (to label its calls).
 * @returns `watch(values)`: sets the private values to look for (re-checks every row so far).
 */
export function mountNetworkPanel({ table, summary, rpcUrl }: { table: HTMLTableSectionElement; summary: HTMLElement; rpcUrl: () => string | undefined }) {
  const rows: Row[] = []
  let prints: Fingerprint[] = []
  const t0 = performance.timeOrigin

  const classify = (e: NetEntry): Row['category'] => {
    const rpc = rpcUrl()
    if (rpc && e.url.split('?')[0] === rpc.split('?')[0]) return 'rpc'
    if (/\/(artifacts|models)\//.test(e.url)) return 'artifact'
    if (e.method === 'GET' && e.bodyBytes === 0) return 'asset'
    return 'other'
  }

  const renderRow = (r: Row, tr: HTMLTableRowElement) => {
    const url = new URL(r.url, location.href)
    const cells = [
      `+${((r.at - t0) / 1000).toFixed(1)} s`,
      r.source,
      r.method,
      url.origin === location.origin ? url.pathname : url.href,
      r.bodyBytes ? `${r.bodyBytes} B` : '—',
      r.what,
      r.leaks.length ? `LEAK: ${r.leaks.join(', ')}` : '✓ none',
    ]
    tr.replaceChildren(...cells.map((text) => Object.assign(document.createElement('td'), { textContent: text })))
    tr.className = `net-${r.category}${r.leaks.length ? ' net-leak' : ''}`
  }

  const update = () => {
    const count = (c: Row['category']) => rows.filter((r) => r.category === c).length
    const withBody = rows.filter((r) => r.bodyBytes > 0).length
    const leaks = rows.filter((r) => r.leaks.length)
    const checked = prints.length
      ? `Every URL and body was checked against ${prints.length} fingerprints of the capture, template, salt and secret (hex, decimal, base64, bit strings): `
      : 'No private values on this device yet. '
    summary.textContent =
      `${rows.length} requests: ${count('asset')} code/asset loads (GET), ${count('artifact')} model/key downloads (GET), ` +
      `${count('rpc')} JSON-RPC calls to the chain, ${count('other')} other; ${withBody} carried a body. ` +
      checked +
      (leaks.length ? `${leaks.length} LEAKED (${leaks.flatMap((r) => r.leaks).join(', ')}).` : prints.length ? 'none found — no biometric byte left the device.' : '')
    summary.dataset.leaks = String(leaks.length)
    summary.dataset.requests = String(rows.length)
  }

  subscribeNetworkLog((e) => {
    const category = classify(e)
    const what =
      category === 'rpc' ? describeRpc(e.body) : category === 'artifact' ? 'public proving artifact' : e.kind === 'resource' ? `${e.initiator ?? ''} load` : e.bodyBytes ? `${e.kind} body` : e.kind
    const row: Row = { ...e, category, what, leaks: findFingerprints(`${decoded(e.url)}\n${e.body}`, prints) }
    rows.push(row)
    const tr = document.createElement('tr')
    renderRow(row, tr)
    table.append(tr)
    update()
  })

  return {
    /** Sets the private values to look for and re-checks every request so far. */
    watch(values: PrivateValues) {
      prints = privateFingerprints(values)
      rows.forEach((r, i) => {
        r.leaks = findFingerprints(`${decoded(r.url)}\n${r.body}`, prints)
        renderRow(r, table.rows[i]!)
      })
      update()
    },
  }
}
