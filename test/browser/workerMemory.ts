/**
 * Heap figures of every worker of a page (nested ones included: snarkjs's blob sub-workers, the
 * wasm threads) through the Chrome DevTools Protocol: auto-attach (non-flattened sessions, so one
 * CDPSession can reach nested targets), force a GC, then `Runtime.getHeapUsage` in each.
 */
import type { BrowserContext, Page } from '@playwright/test'

export type WorkerHeap = { url: string; usedSize: number; backingStorageSize: number }

type Message = { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown> }
type Route = string[] // session ids from the page's session down to the target

export async function watchWorkerMemory(
  context: BrowserContext,
  page: Page,
): Promise<{ sample(only?: (url: string) => boolean): Promise<WorkerHeap[]>; detach(): Promise<void> }> {
  const cdp = await context.newCDPSession(page)
  const targets = new Map<string, { route: Route; url: string }>()
  const pending = new Map<number, (m: Message) => void>()
  let nextId = 1

  /** Sends `method` along `route` (each hop wrapped in Target.sendMessageToTarget). */
  const send = (route: Route, method: string, params: Record<string, unknown> = {}, timeoutMs = 5000): Promise<Message> => {
    const id = nextId++
    let msg: Message = { id, method, params }
    for (let i = route.length - 1; i >= 1; i--) msg = { id: nextId++, method: 'Target.sendMessageToTarget', params: { sessionId: route[i], message: JSON.stringify(msg) } }
    const done = new Promise<Message>((resolve) => {
      pending.set(id, resolve)
      setTimeout(() => resolve({ id }), timeoutMs)
    })
    void cdp.send('Target.sendMessageToTarget' as never, { sessionId: route[0], message: JSON.stringify(msg) } as never).catch(() => {})
    return done
  }
  /** Handles a message arriving from the target at `route`. */
  const receive = (route: Route, m: Message) => {
    if (m.method === 'Target.receivedMessageFromTarget') {
      const p = m.params as { sessionId: string; message: string }
      receive([...route, p.sessionId], JSON.parse(p.message) as Message)
    } else if (m.method === 'Target.attachedToTarget') attached(route, m.params as never)
    else if (m.method === 'Target.detachedFromTarget') targets.delete((m.params as { sessionId: string }).sessionId)
    else if (m.id !== undefined) pending.get(m.id)?.(m)
  }
  const attached = (parent: Route, { sessionId, targetInfo }: { sessionId: string; targetInfo: { type: string; url: string } }) => {
    const route = [...parent, sessionId]
    targets.set(sessionId, { route, url: targetInfo.url })
    void send(route, 'Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false })
  }
  cdp.on('Target.attachedToTarget' as never, (e: never) => attached([], e))
  cdp.on('Target.detachedFromTarget' as never, (e: { sessionId: string }) => void targets.delete(e.sessionId))
  cdp.on('Target.receivedMessageFromTarget' as never, (e: { sessionId: string; message: string }) => receive([e.sessionId], JSON.parse(e.message) as Message))
  await cdp.send('Target.setAutoAttach' as never, { autoAttach: true, waitForDebuggerOnStart: false, flatten: false } as never)

  return {
    /** GC then heap usage of every worker (or of those whose URL `only` accepts: faster). */
    async sample(only) {
      const out: WorkerHeap[] = []
      for (const { route, url } of [...targets.values()]) {
        if (only && !only(url)) continue
        // A wasm thread parked in Atomics.wait never answers the GC request: do not wait long for it.
        await send(route, 'HeapProfiler.collectGarbage', {}, 500)
        const r = (await send(route, 'Runtime.getHeapUsage')).result as { usedSize: number; backingStorageSize?: number } | undefined
        if (r) out.push({ url, usedSize: r.usedSize, backingStorageSize: r.backingStorageSize ?? 0 })
      }
      return out
    },
    detach: () => cdp.detach(),
  }
}
