import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';

export interface DiscoveredMethod<M> {
  meta: M;
  owner: string;
  call: (...args: unknown[]) => Promise<unknown>;
}

/** Finds provider methods carrying a metadata key (job handlers, reconcile tasks). */
@Injectable()
export class HandlerDiscovery {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  methodsWith<M>(key: string): Array<DiscoveredMethod<M>> {
    const found: Array<DiscoveredMethod<M>> = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[name] as (...args: unknown[]) => Promise<unknown>;
        const meta = this.reflector.get<M>(key, method);
        if (meta !== undefined) found.push({ meta, owner: `${instance.constructor.name}.${name}`, call: method.bind(instance) });
      }
    }
    return found;
  }
}
