import { Migration } from '@mikro-orm/migrations';

export class Migration20261126155808_run_heartbeat extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`run\` add column \`heartbeat_at\` datetime null;`);
  }

}
