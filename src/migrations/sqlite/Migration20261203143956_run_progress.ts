import { Migration } from '@mikro-orm/migrations';

export class Migration20261203143956_run_progress extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`run\` add column \`progress\` json null;`);
  }

}
