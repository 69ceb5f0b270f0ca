import type { Database, Statement } from 'better-sqlite3';
import type { Certificate, CertificateDocument, DocumentLanguage } from '../../shared/certification';
import { AppError, ErrorCode } from '../../shared/errors';
import type { Clock } from '../clock';
import { statementCache } from '../db/statements';
import { normalizeCode } from './certification-service';
import { certificateWords, longDate, shippedName } from './certificate-text';

interface GrantFacts {
  id: string;
  rep_id: string;
  rep_name: string;
  focus_area_id: string;
  focus_name: string;
  level_name: string;
  granted_at: string;
  expires_at: string | null;
  certifier_id: string | null;
  code: string;
  evidence: string;
}

/**
 * The printable certificate of one grant: the facts frozen in the grant, worded in the reader's
 * language and laid out as an A4 PDF (pdf-lib) and as a standalone HTML page. A grant that has
 * lapsed or that a later grant replaced still has its certificate; it says so plainly.
 */
export class Certificates {
  private readonly sql: (text: string) => Statement;

  constructor(
    db: Database,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  document(codeText: string, language: DocumentLanguage, timeZone?: string): CertificateDocument {
    const code = normalizeCode(codeText);
    const now = this.clock().toISOString();
    const grant = this.sql(
      `SELECT g.id, g.rep_id, r.name AS rep_name, g.focus_area_id, f.name AS focus_name, g.level_name, g.granted_at, g.expires_at,
              g.certifier_id, g.code, g.evidence
         FROM certification_grants g JOIN reps r ON r.id = g.rep_id JOIN focus_areas f ON f.id = g.focus_area_id
        WHERE g.code = ?`,
    ).get(code) as GrantFacts | undefined;
    // A grant met but waiting for its date is not issued yet: its code is not shown anywhere before then.
    if (!grant || grant.granted_at > now) {
      throw new AppError(ErrorCode.notFound, `No certificate has the code ${codeText.trim()}. Check the code on the certificate.`, [{ path: 'code', message: 'Unknown code' }]);
    }
    const later = this.sql(
      `SELECT min(granted_at) FROM certification_grants WHERE rep_id = ? AND focus_area_id = ? AND granted_at > ? AND granted_at <= ?`,
    )
      .pluck()
      .get(grant.rep_id, grant.focus_area_id, grant.granted_at, now) as string | null;
    let standing: CertificateDocument['standing'] = 'current';
    let endedAt: string | null = null;
    if (later !== null && (grant.expires_at === null || later < grant.expires_at)) {
      standing = 'superseded';
      endedAt = later;
    } else if (grant.expires_at !== null && now >= grant.expires_at) {
      standing = 'expired';
      endedAt = grant.expires_at;
    }
    const reviewers = (JSON.parse(grant.evidence) as { reviewerId: string }[]).map((e) => e.reviewerId);
    const certifierIds = [...new Set([...(grant.certifier_id ? [grant.certifier_id] : []), ...reviewers])];
    const nameOf = this.sql('SELECT name FROM reps WHERE id = ?').pluck();
    const certifiers = certifierIds.flatMap((id) => {
      const name = nameOf.get(id) as string | undefined;
      return name === undefined ? [] : [{ id, name }];
    });

    const w = certificateWords[language];
    const area = shippedName(grant.focus_name, language);
    const level = shippedName(grant.level_name, language);
    const date = (iso: string) => longDate(iso, language, timeZone);
    const fields = [
      { label: w.focusArea, value: area },
      { label: w.level, value: level },
      { label: w.granted, value: date(grant.granted_at) },
      { label: w.validUntil, value: grant.expires_at ? w.until(date(grant.expires_at)) : w.noExpiry },
      ...(certifiers.length ? [{ label: w.certifiedBy(certifiers.length), value: certifiers.map((c) => c.name).join(', ') }] : []),
    ];
    return {
      language,
      code: grant.code,
      standing,
      rep: { id: grant.rep_id, name: grant.rep_name },
      focusArea: { id: grant.focus_area_id, name: grant.focus_name },
      level: grant.level_name,
      grantedAt: grant.granted_at,
      expiresAt: grant.expires_at,
      certifiers,
      text: {
        heading: w.heading,
        intro: w.intro,
        statement: w.statement(level, area),
        fields,
        notice: standing === 'expired' ? w.expired(date(endedAt!)) : standing === 'superseded' ? w.superseded(date(endedAt!)) : null,
        verifyHeading: w.verifyHeading,
        verifyLines: [w.verifyCli(grant.code), w.verifyApp],
      },
    };
  }

  async render(codeText: string, language: DocumentLanguage, timeZone?: string): Promise<Certificate> {
    const document = this.document(codeText, language, timeZone);
    const { certificatePdf } = await import('./certificate-pdf');
    const pdf = await certificatePdf(document);
    const slug = [certificateWords[language].filename, document.rep.name, document.focusArea.name, document.level]
      .join('-')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
    return { document, pdf: Buffer.from(pdf).toString('base64'), html: certificateHtml(document), filename: `reprise-${slug}.pdf` };
  }
}

// --- HTML ------------------------------------------------------------------------------------

const escapeHtml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A standalone page: its own styles, no scripts, nothing loaded from anywhere; prints on one A4 sheet. */
export function certificateHtml(doc: CertificateDocument): string {
  const t = doc.text;
  const fields = t.fields.map((f) => `<div class="field"><dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(f.value)}</dd></div>`).join('\n        ');
  return `<!doctype html>
<html lang="${doc.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Reprise: ${escapeHtml(t.heading)} ${escapeHtml(doc.code)}</title>
<style>
  @page { size: A4; margin: 0; }
  * { box-sizing: border-box; }
  body { margin: 0; background: #eef0f3; color: #21262e; font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; }
  .sheet { width: 210mm; min-height: 297mm; margin: 12mm auto; padding: 26mm 22mm 18mm; background: #fff; border: 1px solid #d0d4d9;
    outline: 0.6pt solid #2a5c8c; outline-offset: -8mm; display: flex; flex-direction: column; }
  .brand { text-align: center; letter-spacing: 0.3em; font-weight: 700; font-size: 11pt; color: #2a5c8c; }
  h1 { text-align: center; font-family: "Times New Roman", Times, serif; font-weight: 400; font-size: 40pt; margin: 14mm 0 0; }
  .mark { width: 28mm; margin: 5mm auto 0; border-top: 0.8pt solid #2a5c8c; }
  .intro { text-align: center; color: #6b7380; margin: 14mm 0 0; font-size: 12pt; }
  .name { text-align: center; font-family: "Times New Roman", Times, serif; font-weight: 700; font-size: 30pt; margin: 8mm 0 0; }
  .statement { text-align: center; font-size: 13pt; margin: 5mm 0 0; }
  dl { margin: 14mm 0 0; padding: 4mm 8mm; border-top: 0.5pt solid #d0d4d9; border-bottom: 0.5pt solid #d0d4d9; }
  .field { display: grid; grid-template-columns: 53mm 1fr; padding: 1.6mm 0; }
  dt { color: #6b7380; font-size: 10pt; }
  dd { margin: 0; font-weight: 700; font-size: 12pt; }
  .notice { margin: 8mm 0 0; padding: 4mm 5mm; border: 1pt solid #99381f; background: #fdf5f0; color: #99381f; font-weight: 700; }
  .verify { margin-top: auto; padding-top: 12mm; }
  .verify h2 { font-size: 9pt; letter-spacing: 0.08em; text-transform: uppercase; color: #6b7380; margin: 0; }
  .verify .code { font-family: "Courier New", Courier, monospace; font-weight: 700; font-size: 20pt; margin: 3mm 0; color: #21262e; }
  .verify p { color: #6b7380; font-size: 9.5pt; margin: 1mm 0; }
  @media print { body { background: #fff; } .sheet { margin: 0; border: 0; } }
</style>
</head>
<body>
  <main class="sheet">
    <div class="brand">REPRISE</div>
    <h1>${escapeHtml(t.heading)}</h1>
    <div class="mark"></div>
    <p class="intro">${escapeHtml(t.intro)}</p>
    <p class="name">${escapeHtml(doc.rep.name)}</p>
    <p class="statement">${escapeHtml(t.statement)}</p>
    <dl>
        ${fields}
    </dl>
    ${t.notice ? `<p class="notice" role="status">${escapeHtml(t.notice)}</p>` : ''}
    <section class="verify">
      <h2>${escapeHtml(t.verifyHeading)}</h2>
      <p class="code">${escapeHtml(doc.code)}</p>
      ${t.verifyLines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n      ')}
    </section>
  </main>
</body>
</html>
`;
}
