import { Migration } from '@mikro-orm/migrations';

export class Migration20261126142323_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "user" ("id" varchar(36) not null, "email" varchar(320) not null, "password_hash" varchar(255) not null, "created_at" timestamptz not null, constraint "user_pkey" primary key ("id"));`);
    this.addSql(`alter table "user" add constraint "user_email_unique" unique ("email");`);

    this.addSql(`create table "api_key" ("id" varchar(36) not null, "user_id" varchar(36) not null, "name" varchar(200) not null, "prefix" varchar(32) not null, "secret_hash" varchar(64) not null, "scopes" jsonb not null, "expires_at" timestamptz null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, "created_at" timestamptz not null, constraint "api_key_pkey" primary key ("id"));`);
    this.addSql(`create index "api_key_user_id_index" on "api_key" ("user_id");`);
    this.addSql(`alter table "api_key" add constraint "api_key_prefix_unique" unique ("prefix");`);

    this.addSql(`create table "workspace" ("id" varchar(36) not null, "name" varchar(200) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "workspace_pkey" primary key ("id"));`);

    this.addSql(`create table "project" ("id" varchar(36) not null, "workspace_id" varchar(36) not null, "name" varchar(200) not null, "created_at" timestamptz not null, constraint "project_pkey" primary key ("id"));`);
    this.addSql(`create index "project_workspace_id_created_at_index" on "project" ("workspace_id", "created_at");`);

    this.addSql(`create table "experiment" ("id" varchar(36) not null, "project_id" varchar(36) not null, "name" varchar(200) not null, "task" varchar(16) not null, "target" varchar(200) not null, "setup_params" jsonb not null, "created_at" timestamptz not null, constraint "experiment_pkey" primary key ("id"));`);
    this.addSql(`create index "experiment_project_id_created_at_index" on "experiment" ("project_id", "created_at");`);

    this.addSql(`create table "run" ("id" varchar(36) not null, "experiment_id" varchar(36) not null, "plan" varchar(16) not null, "model_id" varchar(64) null, "status" varchar(16) not null, "error" text null, "snapshot" jsonb not null, "params" jsonb not null, "idempotency_key" varchar(255) null, "created_by_id" varchar(36) null, "created_at" timestamptz not null, "started_at" timestamptz null, "finished_at" timestamptz null, "duration_ms" int null, "leaderboard" jsonb null, "summary" jsonb null, "last_seq" int not null default 0, "claimed_by" varchar(255) null, "cancel_requested" boolean not null default false, constraint "run_pkey" primary key ("id"));`);
    this.addSql(`create index "run_experiment_id_created_at_index" on "run" ("experiment_id", "created_at");`);
    this.addSql(`create index "run_status_index" on "run" ("status");`);
    this.addSql(`alter table "run" add constraint "run_experiment_id_idempotency_key_unique" unique ("experiment_id", "idempotency_key");`);

    this.addSql(`create table "run_event" ("id" serial primary key, "run_id" varchar(36) not null, "seq" int not null, "kind" varchar(100) not null, "message" text null, "payload" jsonb null, "duration_ms" double precision null, "emitted_at" timestamptz not null);`);
    this.addSql(`alter table "run_event" add constraint "run_event_run_id_seq_unique" unique ("run_id", "seq");`);

    this.addSql(`create table "artifact" ("id" varchar(36) not null, "run_id" varchar(36) not null, "kind" varchar(50) not null, "path" varchar(500) not null, "sha256" varchar(64) not null, "size_bytes" int not null, "created_at" timestamptz not null, constraint "artifact_pkey" primary key ("id"));`);
    this.addSql(`create index "artifact_run_id_index" on "artifact" ("run_id");`);

    this.addSql(`create table "dataset" ("id" varchar(36) not null, "workspace_id" varchar(36) not null, "name" varchar(200) not null, "file_name" varchar(255) not null, "columns" jsonb not null, "row_count" int not null, "sha256" varchar(64) not null, "size_bytes" int not null, "storage_path" varchar(500) not null, "created_by_id" varchar(36) null, "created_at" timestamptz not null, constraint "dataset_pkey" primary key ("id"));`);
    this.addSql(`create index "dataset_workspace_id_created_at_index" on "dataset" ("workspace_id", "created_at");`);

    this.addSql(`create table "workspace_member" ("id" varchar(36) not null, "workspace_id" varchar(36) not null, "user_id" varchar(36) not null, "role" varchar(16) not null, "created_at" timestamptz not null, constraint "workspace_member_pkey" primary key ("id"));`);
    this.addSql(`create index "workspace_member_user_id_index" on "workspace_member" ("user_id");`);
    this.addSql(`alter table "workspace_member" add constraint "workspace_member_workspace_id_user_id_unique" unique ("workspace_id", "user_id");`);

    this.addSql(`alter table "api_key" add constraint "api_key_user_id_foreign" foreign key ("user_id") references "user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "project" add constraint "project_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "experiment" add constraint "experiment_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "run" add constraint "run_experiment_id_foreign" foreign key ("experiment_id") references "experiment" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "run" add constraint "run_created_by_id_foreign" foreign key ("created_by_id") references "user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "run_event" add constraint "run_event_run_id_foreign" foreign key ("run_id") references "run" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "artifact" add constraint "artifact_run_id_foreign" foreign key ("run_id") references "run" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "dataset" add constraint "dataset_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "dataset" add constraint "dataset_created_by_id_foreign" foreign key ("created_by_id") references "user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "workspace_member" add constraint "workspace_member_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "workspace_member" add constraint "workspace_member_user_id_foreign" foreign key ("user_id") references "user" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "api_key" drop constraint "api_key_user_id_foreign";`);

    this.addSql(`alter table "run" drop constraint "run_created_by_id_foreign";`);

    this.addSql(`alter table "dataset" drop constraint "dataset_created_by_id_foreign";`);

    this.addSql(`alter table "workspace_member" drop constraint "workspace_member_user_id_foreign";`);

    this.addSql(`alter table "project" drop constraint "project_workspace_id_foreign";`);

    this.addSql(`alter table "dataset" drop constraint "dataset_workspace_id_foreign";`);

    this.addSql(`alter table "workspace_member" drop constraint "workspace_member_workspace_id_foreign";`);

    this.addSql(`alter table "experiment" drop constraint "experiment_project_id_foreign";`);

    this.addSql(`alter table "run" drop constraint "run_experiment_id_foreign";`);

    this.addSql(`alter table "run_event" drop constraint "run_event_run_id_foreign";`);

    this.addSql(`alter table "artifact" drop constraint "artifact_run_id_foreign";`);

    this.addSql(`drop table if exists "user" cascade;`);

    this.addSql(`drop table if exists "api_key" cascade;`);

    this.addSql(`drop table if exists "workspace" cascade;`);

    this.addSql(`drop table if exists "project" cascade;`);

    this.addSql(`drop table if exists "experiment" cascade;`);

    this.addSql(`drop table if exists "run" cascade;`);

    this.addSql(`drop table if exists "run_event" cascade;`);

    this.addSql(`drop table if exists "artifact" cascade;`);

    this.addSql(`drop table if exists "dataset" cascade;`);

    this.addSql(`drop table if exists "workspace_member" cascade;`);
  }

}
