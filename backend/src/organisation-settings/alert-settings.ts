import { alertSettings, type AlertSettings } from '../../../contracts/settings';

// Who hears about budget crossings and error spikes is part of the settings contract: defined once there.
export { budgetAlertLevels, type AlertSettings } from '../../../contracts/settings';
export const alertSettingsSchema = alertSettings;

export const defaultAlertSettings: AlertSettings = alertSettingsSchema.parse({});

/**
 * Alert e-mails go only to people of the organisation: an address in its Workspace domain, or a member's
 * address (a consumer account's organisation is its one member). Answers the first address that is neither,
 * so "Send a test alert" cannot mail strangers.
 */
export function outsideRecipient(emails: readonly string[], organisationId: string, memberEmails: readonly string[]): string | undefined {
  const domain = organisationId.startsWith('domain:') ? organisationId.slice('domain:'.length) : undefined;
  const members = new Set(memberEmails.map((email) => email.toLowerCase()));
  return emails.find((email) => {
    const lower = email.toLowerCase();
    return !(members.has(lower) || (domain !== undefined && lower.endsWith(`@${domain}`)));
  });
}
