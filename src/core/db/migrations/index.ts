import { migration0001 } from './0001-people';
import { migration0002 } from './0002-sessions';
import { migration0003 } from './0003-scorecards';
import { migration0004 } from './0004-programs';
import { migration0005 } from './0005-recordings';
import { migration0006 } from './0006-program-pairing-seed';
import { migration0007 } from './0007-recording-media-check';
import { migration0008 } from './0008-access';
import { migration0009 } from './0009-hub';
import { migration0010 } from './0010-session-coach-index';
import { migration0011 } from './0011-analysis';
import { migration0012 } from './0012-certification';
import { migration0013 } from './0013-library-search';
import { migration0014 } from './0014-comments';
import { migration0015 } from './0015-progress';
import { migration0016 } from './0016-certification-reminders';
import { migration0017 } from './0017-xapi';
import { migration0018 } from './0018-clips';
import { migration0019 } from './0019-clip-search';
import { migration0020 } from './0020-session-focus-index';
import { migration0021 } from './0021-coaching-assignments';
import { migration0022 } from './0022-idempotency-binding';
import { migration0023 } from './0023-library-sessions-upsert';
import { migration0024 } from './0024-offline-outbox';
import { migration0025 } from './0025-library-search-batch';
import { migration0030 } from './0030-outbox-order-and-upload-claims';
import { migration0032 } from './0032-program-pair-across-teams';
import { migration0033 } from './0033-library-mean-and-marker-author';
import { migration0034 } from './0034-unconfirmed-sessions';
import { migration0035 } from './0035-marker-revision-and-sent-writes';
import { migration0036 } from './0036-progress-indexes';
import { migration0037 } from './0037-confirmed-voices';
import { migration0039 } from './0039-roster-order-index';
import { migration0042 } from './0042-progress-cards';
import { migration0043 } from './0043-progress-summaries';
import { migration0044 } from './0044-progress-heat-cells';
import { migration0047 } from './0047-progress-versions';
import type { Migration } from './types';

/**
 * In order; each file adds one version. Never edit one that has shipped: add the next. Numbers
 * handed out to parallel work left gaps (26-29, 31): a new migration takes a number above the
 * highest here, never a gap, since a database past a number never runs a lower one.
 */
export const migrations: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009, migration0010, migration0011, migration0012, migration0013, migration0014, migration0015, migration0016, migration0017, migration0018, migration0019, migration0020, migration0021, migration0022, migration0023, migration0024, migration0025, migration0030, migration0032, migration0033, migration0034, migration0035, migration0036, migration0037, migration0039, migration0042, migration0043, migration0044, migration0047];
