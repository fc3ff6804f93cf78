import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  REQUESTS_SIGNAL_CHANNEL,
  serviceSignalChannel,
} from '@miniplanes/plugin-miniplanes-common';

/**
 * Tells the portal's open pages that something changed, so they reload it
 * (Backstage signals): a service's Placement tab when its decision, sync
 * status or requests change, the requests page when any request moves. The
 * message names only the entity; pages read the rest through the API, with
 * the reader's own permissions.
 */
export class PortalSignals {
  constructor(
    private readonly options: {
      signals: SignalsService;
      logger: LoggerService;
    },
  ) {}

  serviceChanged(entityRef: string): void {
    this.publish(serviceSignalChannel(entityRef), entityRef);
  }

  requestsChanged(entityRef: string): void {
    this.publish(REQUESTS_SIGNAL_CHANNEL, entityRef);
  }

  /** A lost signal only delays a page's refresh; the change itself stands. */
  private publish(channel: string, entityRef: string): void {
    this.options.signals
      .publish({
        recipients: { type: 'broadcast' },
        channel,
        message: { entityRef },
      })
      .catch(error =>
        this.options.logger.warn(`Could not signal ${channel}: ${error}`),
      );
  }
}
