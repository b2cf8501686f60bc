/** How a rule's issues are announced (the monitoring rules' notification targets). */
export const NOTIFICATION_KINDS = ['webhook', 'email'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** pending: an attempt is due or leased; delivered; failed: refused or out of attempts. */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The webhook event type of an opened issue and of a rule's test (Standard Webhooks `type`). */
export const ISSUE_OPENED_EVENT = 'monitoring.issue.opened';
export const RULE_TEST_EVENT = 'monitoring.rule.test';

export const MAX_TARGETS_PER_RULE = 20;
export const MAX_WEBHOOK_URL_CHARS = 2000;
