import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { clientKeys } from '@/db/schema';
import { blindIndex, clientKey, rewrapClientKeys } from '@/lib/platform/crypto/client-keys';
import { currentMasterKeyId, rotateMasterKey } from '@/lib/platform/crypto/keyring';
import { testDatabases } from '../helpers/database';
import { createPracticeWithPeople } from '../helpers/factories';

describe.each(testDatabases)('client keys on $name', (database) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await database.open();
  });
  afterAll(() => handle?.close());

  it('gives each client one key, the same to concurrent first callers, and keeps it through a master key rotation', async () => {
    const { client, otherClient } = await createPracticeWithPeople(handle.db);
    const keys = await Promise.all([clientKey(handle.db, client.id), clientKey(handle.db, client.id), clientKey(handle.db, client.id)]);
    expect(keys[1]).toEqual(keys[0]);
    expect(keys[2]).toEqual(keys[0]);
    const other = await clientKey(handle.db, otherClient.id);
    expect(other).not.toEqual(keys[0]);

    // The blind index: equal terms match for one client only, and the term is not in it.
    expect(blindIndex(keys[0], 'w', 'breathing')).toBe(blindIndex(keys[0], 'w', 'breathing'));
    expect(blindIndex(keys[0], 'w', 'breathing')).not.toBe(blindIndex(other, 'w', 'breathing'));
    expect(blindIndex(keys[0], 'w', 'breathing')).not.toBe(blindIndex(keys[0], 't', 'breathing'));
    expect(blindIndex(keys[0], 'w', 'breathing')).not.toContain('breath');

    rotateMasterKey();
    while ((await rewrapClientKeys(handle.db, 1)) > 0);
    const rows = await handle.db.select().from(clientKeys);
    expect(rows.every((row) => row.keyId === currentMasterKeyId())).toBe(true);
    expect(await clientKey(handle.db, client.id)).toEqual(keys[0]);
  });
});
