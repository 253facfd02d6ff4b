import { Migration } from '@mikro-orm/migrations';

export class Migration20261126142323_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`user\` (\`id\` text not null, \`email\` text not null, \`password_hash\` text not null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`user_email_unique\` on \`user\` (\`email\`);`);

    this.addSql(`create table \`api_key\` (\`id\` text not null, \`user_id\` text not null, \`name\` text not null, \`prefix\` text not null, \`secret_hash\` text not null, \`scopes\` json not null, \`expires_at\` datetime null, \`last_used_at\` datetime null, \`revoked_at\` datetime null, \`created_at\` datetime not null, constraint \`api_key_user_id_foreign\` foreign key(\`user_id\`) references \`user\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`api_key_user_id_index\` on \`api_key\` (\`user_id\`);`);
    this.addSql(`create unique index \`api_key_prefix_unique\` on \`api_key\` (\`prefix\`);`);

    this.addSql(`create table \`workspace\` (\`id\` text not null, \`name\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`));`);

    this.addSql(`create table \`project\` (\`id\` text not null, \`workspace_id\` text not null, \`name\` text not null, \`created_at\` datetime not null, constraint \`project_workspace_id_foreign\` foreign key(\`workspace_id\`) references \`workspace\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`project_workspace_id_index\` on \`project\` (\`workspace_id\`);`);
    this.addSql(`create index \`project_workspace_id_created_at_index\` on \`project\` (\`workspace_id\`, \`created_at\`);`);

    this.addSql(`create table \`experiment\` (\`id\` text not null, \`project_id\` text not null, \`name\` text not null, \`task\` text not null, \`target\` text not null, \`setup_params\` json not null, \`created_at\` datetime not null, constraint \`experiment_project_id_foreign\` foreign key(\`project_id\`) references \`project\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`experiment_project_id_index\` on \`experiment\` (\`project_id\`);`);
    this.addSql(`create index \`experiment_project_id_created_at_index\` on \`experiment\` (\`project_id\`, \`created_at\`);`);

    this.addSql(`create table \`run\` (\`id\` text not null, \`experiment_id\` text not null, \`plan\` text not null, \`model_id\` text null, \`status\` text not null, \`error\` text null, \`snapshot\` json not null, \`params\` json not null, \`idempotency_key\` text null, \`created_by_id\` text null, \`created_at\` datetime not null, \`started_at\` datetime null, \`finished_at\` datetime null, \`duration_ms\` integer null, \`leaderboard\` json null, \`summary\` json null, \`last_seq\` integer not null default 0, \`claimed_by\` text null, \`cancel_requested\` integer not null default false, constraint \`run_experiment_id_foreign\` foreign key(\`experiment_id\`) references \`experiment\`(\`id\`) on delete cascade on update cascade, constraint \`run_created_by_id_foreign\` foreign key(\`created_by_id\`) references \`user\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`run_experiment_id_index\` on \`run\` (\`experiment_id\`);`);
    this.addSql(`create index \`run_created_by_id_index\` on \`run\` (\`created_by_id\`);`);
    this.addSql(`create index \`run_experiment_id_created_at_index\` on \`run\` (\`experiment_id\`, \`created_at\`);`);
    this.addSql(`create index \`run_status_index\` on \`run\` (\`status\`);`);
    this.addSql(`create unique index \`run_experiment_id_idempotency_key_unique\` on \`run\` (\`experiment_id\`, \`idempotency_key\`);`);

    this.addSql(`create table \`run_event\` (\`id\` integer not null primary key autoincrement, \`run_id\` text not null, \`seq\` integer not null, \`kind\` text not null, \`message\` text null, \`payload\` json null, \`duration_ms\` double null, \`emitted_at\` datetime not null, constraint \`run_event_run_id_foreign\` foreign key(\`run_id\`) references \`run\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`run_event_run_id_index\` on \`run_event\` (\`run_id\`);`);
    this.addSql(`create unique index \`run_event_run_id_seq_unique\` on \`run_event\` (\`run_id\`, \`seq\`);`);

    this.addSql(`create table \`artifact\` (\`id\` text not null, \`run_id\` text not null, \`kind\` text not null, \`path\` text not null, \`sha256\` text not null, \`size_bytes\` integer not null, \`created_at\` datetime not null, constraint \`artifact_run_id_foreign\` foreign key(\`run_id\`) references \`run\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`artifact_run_id_index\` on \`artifact\` (\`run_id\`);`);

    this.addSql(`create table \`dataset\` (\`id\` text not null, \`workspace_id\` text not null, \`name\` text not null, \`file_name\` text not null, \`columns\` json not null, \`row_count\` integer not null, \`sha256\` text not null, \`size_bytes\` integer not null, \`storage_path\` text not null, \`created_by_id\` text null, \`created_at\` datetime not null, constraint \`dataset_workspace_id_foreign\` foreign key(\`workspace_id\`) references \`workspace\`(\`id\`) on delete cascade on update cascade, constraint \`dataset_created_by_id_foreign\` foreign key(\`created_by_id\`) references \`user\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`dataset_workspace_id_index\` on \`dataset\` (\`workspace_id\`);`);
    this.addSql(`create index \`dataset_created_by_id_index\` on \`dataset\` (\`created_by_id\`);`);
    this.addSql(`create index \`dataset_workspace_id_created_at_index\` on \`dataset\` (\`workspace_id\`, \`created_at\`);`);

    this.addSql(`create table \`workspace_member\` (\`id\` text not null, \`workspace_id\` text not null, \`user_id\` text not null, \`role\` text not null, \`created_at\` datetime not null, constraint \`workspace_member_workspace_id_foreign\` foreign key(\`workspace_id\`) references \`workspace\`(\`id\`) on delete cascade on update cascade, constraint \`workspace_member_user_id_foreign\` foreign key(\`user_id\`) references \`user\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`workspace_member_workspace_id_index\` on \`workspace_member\` (\`workspace_id\`);`);
    this.addSql(`create index \`workspace_member_user_id_index\` on \`workspace_member\` (\`user_id\`);`);
    this.addSql(`create unique index \`workspace_member_workspace_id_user_id_unique\` on \`workspace_member\` (\`workspace_id\`, \`user_id\`);`);
  }

}
