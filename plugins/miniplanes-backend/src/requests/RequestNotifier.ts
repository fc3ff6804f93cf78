import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  NotificationRecipients,
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import {
  PlacementRequest,
  PlacementRequestView,
} from '@miniplanes/plugin-miniplanes-common';

type Message = Pick<
  NotificationSendOptions['payload'],
  'title' | 'description' | 'severity'
>;

/** Where the portal shows one request. */
function requestLink(id: string): string {
  return `/miniplanes/requests?request=${encodeURIComponent(id)}`;
}

/** New requests go to the approvers, everything after to the requester. */
function recipientsOf(
  request: PlacementRequest,
  approverGroup: string,
): NotificationRecipients {
  return request.status === 'pending'
    ? {
        type: 'entity',
        entityRef: approverGroup,
        // An approver who files never decides their own request.
        excludeEntityRef: request.requestedBy,
      }
    : { type: 'entity', entityRef: request.requestedBy };
}

function messageOf(request: PlacementRequest): Message {
  const { entityRef } = request;
  const by = request.decidedBy ? ` by ${request.decidedBy}` : '';
  const comment = request.comment ? `: ${request.comment}` : '';
  switch (request.status) {
    case 'pending': {
      const failed = request.checks.filter(c => !c.passed).map(c => c.name);
      return {
        title: `Placement request for ${entityRef}`,
        description: `${request.requestedBy} asks: ${request.reason}${
          failed.length
            ? ` (fails ${failed.join(', ')}, so it cannot be approved)`
            : ''
        }`,
        severity: 'normal',
      };
    }
    case 'approved':
      return {
        title: `Placement request for ${entityRef} approved`,
        description: `Approved${by}${comment}. The clusters are being updated.`,
        severity: 'normal',
      };
    case 'rejected':
      return {
        title: `Placement request for ${entityRef} rejected`,
        description: `Rejected${by}${comment}.`,
        severity: 'normal',
      };
    case 'withdrawn':
      return {
        title: `Placement request for ${entityRef} withdrawn`,
        description: `You withdrew it${comment}.`,
        severity: 'low',
      };
    case 'applied':
      return {
        title: `Placement of ${entityRef} applied`,
        description:
          'Every cluster now holds what the approved request asked for.',
        severity: 'normal',
      };
    case 'failed':
      return {
        title: `Placement of ${entityRef} failed`,
        description: `The approved request could not be applied: ${
          request.failure ?? 'no reason was recorded'
        }`,
        severity: 'high',
      };
    default: {
      const status: never = request.status;
      throw new Error(`no notification for request status ${status}`);
    }
  }
}

/**
 * Tells the approvers about new requests and the requester what became of
 * theirs. Best effort: a request never fails because notifying did.
 */
export class RequestNotifier {
  constructor(
    private readonly options: {
      notifications: NotificationService;
      logger: LoggerService;
      /** A full group entity ref. */
      approverGroup: string;
    },
  ) {}

  async notify(request: PlacementRequest): Promise<void> {
    await this.send(
      request,
      recipientsOf(request, this.options.approverGroup),
      messageOf(request),
    );
  }

  /** Tells the approvers that an approved request waits too long for the clusters. */
  async notifyEscalated(
    request: PlacementRequestView & { escalatedAt: string },
  ): Promise<void> {
    const waiting = (request.waitingFor ?? [])
      .map(w => `${w.cluster} (${w.reason})`)
      .join(', ');
    await this.send(
      request,
      { type: 'entity', entityRef: this.options.approverGroup },
      {
        title: `Approved placement of ${request.entityRef} is not applied yet`,
        description: `Approved${
          request.decidedBy ? ` by ${request.decidedBy}` : ''
        } and still not in every cluster${
          waiting ? `: waiting for ${waiting}` : ''
        }.`,
        severity: 'high',
      },
    );
  }

  /**
   * Tells the approvers that a staged rollout waits at a gate for one of
   * them (never the person who asked for the version) to open a stage.
   */
  async notifyGate(gate: {
    entityRef: string;
    specVersion: number;
    stage: string;
    requestedBy?: string;
  }): Promise<void> {
    const { kind, namespace, name } = parseEntityRef(gate.entityRef);
    try {
      await this.options.notifications.send({
        recipients: {
          type: 'entity',
          entityRef: this.options.approverGroup,
          ...(gate.requestedBy ? { excludeEntityRef: gate.requestedBy } : {}),
        },
        payload: {
          title: `Rollout of ${gate.entityRef} waits at stage ${gate.stage}`,
          description: `Spec version ${gate.specVersion} is healthy in the stages before ${gate.stage}; an approver opens the gate from the Placement tab.`,
          severity: 'normal',
          link: `/catalog/${namespace}/${kind}/${name}/placement`,
          topic: 'miniplanes-rollout',
        },
      });
    } catch (error) {
      this.options.logger.warn(
        `could not send the gate notification of ${gate.entityRef}: ${error}`,
      );
    }
  }

  private async send(
    request: PlacementRequest,
    recipients: NotificationRecipients,
    message: Message,
  ) {
    try {
      await this.options.notifications.send({
        recipients,
        payload: {
          ...message,
          link: requestLink(request.id),
          topic: 'miniplanes-request',
        },
      });
    } catch (error) {
      this.options.logger.warn(
        `could not send the ${request.status} notification of placement request ${request.id}: ${error}`,
      );
    }
  }
}
