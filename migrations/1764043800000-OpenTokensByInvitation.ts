import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A submission finds its token row by invitation; without this index every submission read
 * the campaign's whole token partition (bench/README.md, submissions). An index on the
 * partitioned parent is created on every existing and future partition.
 */
export class OpenTokensByInvitation1764043800000 implements MigrationInterface {
  name = 'OpenTokensByInvitation1764043800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNIQUE INDEX open_tokens_invitation_key ON open_tokens (campaign_id, invitation_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX open_tokens_invitation_key`);
  }
}
