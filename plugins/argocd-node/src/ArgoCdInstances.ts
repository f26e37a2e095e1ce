import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ArgoCdSettings, readArgoCdSettings } from './ArgoCdConfig';
import { ArgoCdFetch, ArgoCdInstanceClient } from './ArgoCdInstanceClient';

/**
 * The Argo CD instances of `argocd.appLocatorMethods`, one client each, with
 * their cached sessions shared by every backend plugin that uses them.
 * @public
 */
export interface ArgoCdInstancesService {
  /** the settings read from `argocd.*` */
  readonly settings: ArgoCdSettings;
  /** instance names in configuration order */
  instanceNames(): string[];
  /** the client of one instance */
  client(name: string): ArgoCdInstanceClient | undefined;
}

/**
 * Builds one {@link ArgoCdInstanceClient} per configured instance.
 * @public
 */
export class DefaultArgoCdInstances implements ArgoCdInstancesService {
  private constructor(
    readonly settings: ArgoCdSettings,
    private readonly clients: Map<string, ArgoCdInstanceClient>,
  ) {}

  static fromConfig(options: {
    config: Config;
    logger: LoggerService;
    /** for tests: replaces the HTTP client of every instance */
    fetch?: ArgoCdFetch;
  }): DefaultArgoCdInstances {
    const settings = readArgoCdSettings(options.config);
    const clients = new Map<string, ArgoCdInstanceClient>();
    for (const instance of settings.instances) {
      clients.set(
        instance.name,
        ArgoCdInstanceClient.create({
          config: instance,
          logger: options.logger,
          timeoutMs: settings.requestTimeoutMs,
          fetch: options.fetch,
        }),
      );
    }
    return new DefaultArgoCdInstances(settings, clients);
  }

  instanceNames(): string[] {
    return [...this.clients.keys()];
  }

  client(name: string): ArgoCdInstanceClient | undefined {
    return this.clients.get(name);
  }
}

/**
 * The configured Argo CD instance clients (root scope: one session per
 * instance for the whole backend, whichever plugin asks).
 * @public
 */
export const argocdInstancesServiceRef =
  createServiceRef<ArgoCdInstancesService>({
    id: 'argocd.instances',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.rootLogger,
        },
        factory: ({ config, logger }) =>
          DefaultArgoCdInstances.fromConfig({
            config,
            logger: logger.child({ service: 'argocd-instances' }),
          }),
      }),
  });
