// @ts-check

/**
 * What makes the data-safety invariants hold across restarts and replicas:
 *
 * - miniplanes_inventory: every object miniplanes applied, per cluster, with
 *   the service that owns it and whether it ever held data. Prunes and
 *   retains are decided from it, never from labels on live objects; its key
 *   gives each object one owner.
 * - miniplanes_releases: the retained data objects an approved version
 *   releases, by name and uid, written with the approval.
 * - miniplanes_cluster_health: cluster health, so a restart neither forgets
 *   an outage nor trusts a cluster it has not reached.
 * - decisions carry the spec version they were computed for; versions keep
 *   their decision; services keep their last good version.
 *
 * The inventory starts from what the sync recorded per cluster.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('miniplanes_inventory', table => {
    table.comment('Objects miniplanes applied in member clusters');
    table.string('cluster').notNullable();
    table
      .string('object_key', 767)
      .notNullable()
      .comment('group/Kind/namespace/name');
    table.string('entity_ref').notNullable().index();
    table.string('api_version').notNullable();
    table.string('kind').notNullable();
    table.string('namespace').nullable();
    table.string('name').notNullable();
    table.string('uid').nullable().comment('Set once the cluster answered');
    table.string('role').notNullable().comment('Role it was last applied as');
    table
      .boolean('data')
      .notNullable()
      .defaultTo(false)
      .comment('Held data in some approved version: never deleted unreleased');
    table
      .string('state')
      .notNullable()
      .comment('applied, or retained: kept though no longer placed');
    table.integer('spec_version').nullable();
    table.integer('retained_since').nullable();
    table.text('kept_because').nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['cluster', 'object_key']);
  });
  await knex.schema.createTable('miniplanes_releases', table => {
    table.comment('Retained objects an approved version releases for deletion');
    table.bigIncrements('id').primary();
    table.string('entity_ref').notNullable().index();
    table.integer('spec_version').notNullable();
    table.string('cluster').notNullable();
    table.string('object_key', 767).notNullable();
    table.string('uid').nullable();
    table.timestamp('executed_at', { useTz: true }).nullable();
  });
  await knex.schema.createTable('miniplanes_cluster_health', table => {
    table.comment('Health of each member cluster, kept across restarts');
    table.string('cluster').primary().notNullable();
    table.string('status').notNullable();
    table.integer('failures').notNullable().defaultTo(0);
    table.string('since').nullable();
    table.text('message').nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.alterTable('miniplanes_services', table => {
    table
      .integer('decision_spec_version')
      .nullable()
      .comment('The spec version the decision was computed for');
    table
      .integer('good_spec_version')
      .nullable()
      .comment('The last version the sync could render and place');
    table.text('good_decision').nullable();
  });
  await knex.schema.alterTable('miniplanes_service_versions', table => {
    table.text('decision').nullable().comment('The decision at approval');
  });
  await knex.schema.alterTable('miniplanes_requests', table => {
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.timestamp('escalated_at', { useTz: true }).nullable();
    table
      .text('impact')
      .nullable()
      .comment('Deletes, adoptions and privileged kinds it implies, JSON');
  });
  await knex('miniplanes_services').update({
    decision_spec_version: knex.ref('spec_version'),
  });

  const now = new Date();
  const seen = new Set();
  /** @type {any[]} */
  const rows = [];
  for (const record of await knex('miniplanes_cluster_status').select()) {
    const objects = JSON.parse(record.objects ?? '[]');
    const retained = JSON.parse(record.retained ?? '[]');
    const add = (
      /** @type {any} */ o,
      /** @type {string} */ state,
      /** @type {boolean} */ data,
    ) => {
      const group = o.apiVersion.includes('/')
        ? o.apiVersion.split('/')[0]
        : '';
      const key = `${group}/${o.kind}/${o.namespace ?? ''}/${o.name}`;
      // One owner per object: where the old labels let two services claim
      // the same object, the first one recorded keeps it.
      if (seen.has(`${record.cluster} ${key}`)) return;
      seen.add(`${record.cluster} ${key}`);
      rows.push({
        cluster: record.cluster,
        object_key: key,
        entity_ref: record.entity_ref,
        api_version: o.apiVersion,
        kind: o.kind,
        namespace: o.namespace ?? null,
        name: o.name,
        uid: null,
        role: o.role ?? 'data',
        data,
        state,
        spec_version: record.spec_version,
        retained_since: state === 'retained' ? o.since ?? null : null,
        updated_at: now,
      });
    };
    for (const r of retained) add(r, 'retained', true);
    for (const o of objects) {
      if (o.action === 'applied' || o.action === 'none')
        add(o, 'applied', o.role === 'data');
    }
  }
  for (let i = 0; i < rows.length; i += 200) {
    await knex('miniplanes_inventory').insert(rows.slice(i, i + 200));
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('miniplanes_requests', table => {
    table.dropColumn('decided_at');
    table.dropColumn('escalated_at');
    table.dropColumn('impact');
  });
  await knex.schema.alterTable('miniplanes_service_versions', table => {
    table.dropColumn('decision');
  });
  await knex.schema.alterTable('miniplanes_services', table => {
    table.dropColumn('decision_spec_version');
    table.dropColumn('good_spec_version');
    table.dropColumn('good_decision');
  });
  await knex.schema.dropTable('miniplanes_cluster_health');
  await knex.schema.dropTable('miniplanes_releases');
  await knex.schema.dropTable('miniplanes_inventory');
};
