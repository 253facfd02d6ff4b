import { Migration } from '@mikro-orm/migrations';

export class Migration20261203144954_run_analysis extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "run" add column "analysis" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "run" drop column "analysis";`);
  }

}
