import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../shared/contract';

/** Typed pushes from the core to whoever listens: the Electron windows, SSE clients, tests. */
export class CoreEvents {
  private readonly emitter = new EventEmitter();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.emitter.emit('event', name, payload);
  }

  /** Subscribe to every event; returns the unsubscribe function. */
  onAny(listener: (name: EventName, payload: unknown) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
