import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutoReplySettingsInvalid, NotFound } from '../../errors/index.js';
import {
  openAutoReplyTestContext,
  type AutoReplyTestContext,
} from '../../../test/support/handlers/auto-reply-context.js';
import { testDatabases } from '../../../test/support/test-databases.js';
import { defaultLimits } from './auto-reply-settings.js';
import { autoRepliesNeedMailSend } from './settings-service.js';

for (const db of testDatabases()) {
  describe(`auto-reply settings on ${db.name}`, () => {
    let t: AutoReplyTestContext;
    let id: string;
    beforeEach(async () => {
      t = await openAutoReplyTestContext(db);
      id = await t.addResource('support@contoso.com');
    });
    afterEach(() => t.close());

    it('are off, with the seed subject and default caps, until configured', async () => {
      expect(await t.autoReplies.settings.get(id)).toMatchObject({
        resourceId: id,
        enabled: false,
        onlyNewHelpdesks: true,
        subject: '$$helpdesktitle$$ [$$helpdesknumber$$]',
        htmlBody: null,
        transport: 'graph',
        limits: defaultLimits,
      });
    });

    it('keep fields left out of an update, and keep the caps of a list left out', async () => {
      await t.autoReplies.settings.update(id, {
        enabled: true,
        limits: { perSender: [{ windowMinutes: 60, max: 3 }] },
      });
      const updated = await t.autoReplies.settings.update(id, { fromName: 'Contoso Support' });
      expect(updated).toMatchObject({ enabled: true, fromName: 'Contoso Support' });
      expect(updated.limits).toEqual({
        perSender: [{ windowMinutes: 60, max: 3 }],
        perHelpdesk: defaultLimits.perHelpdesk,
      });
      expect(await t.autoReplies.settings.get(id)).toEqual(updated);
    });

    it('list every problem with its field', async () => {
      const attempt = t.autoReplies.settings.update(id, {
        subject: 'Two\nlines',
        textBody: ' ',
        defaultFrom: 'not an address',
        transport: 'smtp',
        limits: { perSender: [{ windowMinutes: 0, max: -1 }], perHelpdesk: [] },
      });
      await expect(attempt).rejects.toSatisfy((error: unknown) => {
        expect(AutoReplySettingsInvalid.is(error)).toBe(true);
        expect((error as ReturnType<typeof AutoReplySettingsInvalid.create>).params.problems).toEqual([
          'subject: must be one line',
          'textBody: must not be empty',
          'defaultFrom: must be a mail address such as support@contoso.com, or null',
          'smtpUrl: is required with transport "smtp"',
          'limits.perSender[0].windowMinutes: must be a whole number of minutes from 1 to 43200',
          'limits.perSender[0].max: must be a whole number from 0 to 10000',
        ]);
        return true;
      });
      expect((await t.autoReplies.settings.get(id)).subject).toBe('$$helpdesktitle$$ [$$helpdesknumber$$]');
    });

    it('never show the SMTP password, and keep it when the masked URL is sent back', async () => {
      const shown = await t.autoReplies.settings.update(id, {
        transport: 'smtp',
        smtpUrl: 'smtp://mailer:s3cret@smtp.example.org:587',
      });
      expect(shown.smtpUrl).toBe('smtp://mailer:****@smtp.example.org:587');
      await t.autoReplies.settings.update(id, { smtpUrl: 'smtp://mailer:****@smtp2.example.org:587' });
      const row = await t.store.db.selectFrom('auto_reply_settings').select('smtp_url').executeTakeFirst();
      expect(row?.smtp_url).toBe('smtp://mailer:s3cret@smtp2.example.org:587');
      await expect(t.autoReplies.settings.update(id, { smtpUrl: 'http://x' })).rejects.toThrow(/smtpUrl/);
    });

    it('tell client validation when a client needs Mail.Send', async () => {
      expect(await autoRepliesNeedMailSend(t.store.db, 'demo')).toBe(false);
      await t.autoReplies.settings.update(id, { enabled: true });
      expect(await autoRepliesNeedMailSend(t.store.db, 'demo')).toBe(true);
      expect(await autoRepliesNeedMailSend(t.store.db, 'other')).toBe(false);
      await t.autoReplies.settings.update(id, { transport: 'smtp', smtpUrl: 'smtp://smtp.example.org' });
      expect(await autoRepliesNeedMailSend(t.store.db, 'demo')).toBe(false);
    });

    it('answer not found for an unknown resource', async () => {
      await expect(t.autoReplies.settings.get('nope')).rejects.toSatisfy((e: unknown) => NotFound.is(e));
      await expect(t.autoReplies.settings.update('nope', { enabled: true })).rejects.toSatisfy((e: unknown) =>
        NotFound.is(e),
      );
    });
  });
}
