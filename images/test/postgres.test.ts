// The PostgreSQL image run as the example's chart runs it (examples/postgres): its command
// creates the cluster on an empty claim with the Secret's password, then starts the server
// with the ConfigMap's files; read-only root, the socket directory and the claim writable.
// pg_isready answers, psql over the socket as the pod's user prints 1, a row survives SIGTERM.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Testing } from 'cdk8s';
import { postgresImageContract as contract } from '../../examples/postgres/image';
import { PostgresChart } from '../../examples/postgres/main';
import { useChartPod } from './support/chart-pod';
import { checkUserAndRoot, until } from './support/package-checks';
import './support/root';

const isReady = ['pg_isready', '-h', contract.socketDir, '-U', 'postgres'];
const psql = (sql: string) => ['psql', '-U', 'postgres', '-Atc', sql];
const pod = useChartPod(contract, () => new PostgresChart(Testing.app(), 'postgres'), { 'postgres-password': { password: 'test-password' } });

test('GIVEN the PostgreSQL image with the chart\'s command, files and an empty claim WHEN started THEN initdb runs, pg_isready answers, psql prints 1, and a row survives a restart', async (t) => {
  const first = pod.start();
  const ready = await until(first, 120, ...isReady);
  t.diagnostic(`initdb and start: ready after ${ready.seconds.toFixed(1)} s`);
  checkUserAndRoot(contract, first);
  assert.equal((await until(first, 5, ...psql('select 1'))).stdout, '1\n');
  assert.equal(first.exec(...psql("select current_setting('jit')")).stdout, 'off\n');
  first.exec(...psql('create table kept (v text); insert into kept values (\'survives\')'));
  await first.kill('TERM');

  const second = pod.start();
  t.diagnostic(`restart on the same claim: ready after ${(await until(second, 60, ...isReady)).seconds.toFixed(1)} s`);
  assert.equal(second.exec(...psql('select v from kept')).stdout, 'survives\n');
  await second.kill('TERM');
});
