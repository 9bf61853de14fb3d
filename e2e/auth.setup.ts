import fs from 'node:fs';
import path from 'node:path';
import { test as setup } from '@playwright/test';
import { DEMO_CLIENT_NAME } from './accounts';
import { clientIdFromList, signIn } from './helpers';
import { SIGNED_IN_ROLES, sampleIdsPath, storageStatePath, type SampleIds, type SignedInRole } from './roles';

for (const [role, email] of Object.entries(SIGNED_IN_ROLES) as [SignedInRole, string][]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await signIn(page, email);
    if (role === 'therapist') {
      const sample: SampleIds = { demoClientId: await clientIdFromList(page, DEMO_CLIENT_NAME) };
      fs.mkdirSync(path.dirname(sampleIdsPath()), { recursive: true });
      fs.writeFileSync(sampleIdsPath(), JSON.stringify(sample));
    }
    await page.context().storageState({ path: storageStatePath(role) });
  });
}
