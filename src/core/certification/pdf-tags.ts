import {
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  PDFString,
  type PDFDocument,
  type PDFObject,
  type PDFPage,
  type PDFRef,
} from 'pdf-lib';

/** A structure element (ISO 32000-1 14.7.2): its type, and what it holds in reading order. */
export interface StructElement {
  type: string;
  parent: StructElement | null;
  /** Child elements, and the marked-content ids (MCIDs) of the page's drawing that belong to it. */
  kids: (StructElement | number)[];
  /** What a reader should say instead of the drawn glyphs (a right-to-left line is drawn in visual order). */
  actualText?: string;
  /** A header cell's scope (a row's label heads its row). */
  scope?: 'Row' | 'Column';
}

/**
 * Makes a one-page document tagged (ISO 32000-1 14.8, PDF/UA minded), which pdf-lib's own API
 * cannot: every drawing on the page is wrapped as marked content, either belonging to a structure
 * element (`/P <</MCID n>> BDC … EMC`) or as decoration (`/Artifact BMC … EMC`), and at the end the
 * structure tree, the page's parent tree, /MarkInfo, the catalog's language and an XMP metadata
 * stream are written. Elements and content are added in reading order.
 */
export class PdfTagger {
  readonly root: StructElement = { type: 'Document', parent: null, kids: [] };
  /** MCID → the element its content belongs to. */
  private readonly owners: StructElement[] = [];

  constructor(
    private readonly pdf: PDFDocument,
    private readonly page: PDFPage,
  ) {}

  element(type: string, parent: StructElement = this.root, extra: Pick<StructElement, 'actualText' | 'scope'> = {}): StructElement {
    const element: StructElement = { type, parent, kids: [], ...extra };
    parent.kids.push(element);
    return element;
  }

  /** Draws content that belongs to an element, marked with the element's type and the next MCID. */
  content(element: StructElement, draw: () => void): void {
    const mcid = this.owners.length;
    this.owners.push(element);
    element.kids.push(mcid);
    // The property list is written inline, as it is (pdf-lib's operator arguments take no dictionary).
    this.page.pushOperators(PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of(element.type), `<</MCID ${mcid}>>`]));
    draw();
    this.page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
  }

  /** Draws decoration (frames, rules) that a reader skips. */
  artifact(draw: () => void): void {
    this.page.pushOperators(PDFOperator.of(PDFOperatorNames.BeginMarkedContent, [PDFName.of('Artifact')]));
    draw();
    this.page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
  }

  /** Writes the structure tree and the document-level entries a tagged PDF needs. */
  finish(options: { language: string; title: string; subject: string; author: string; producer: string }): void {
    const { context, catalog } = this.pdf;
    const pageRef = this.page.ref;
    const treeRootRef = context.nextRef();
    const refs = new Map<StructElement, PDFRef>();
    const allocate = (element: StructElement) => {
      refs.set(element, context.nextRef());
      for (const kid of element.kids) if (typeof kid !== 'number') allocate(kid);
    };
    allocate(this.root);
    for (const [element, ref] of refs) {
      const kids = element.kids.map((kid) => (typeof kid === 'number' ? PDFNumber.of(kid) : refs.get(kid)!));
      const dict: Record<string, PDFObject> = {
        Type: PDFName.of('StructElem'),
        S: PDFName.of(element.type),
        P: element.parent ? refs.get(element.parent)! : treeRootRef,
        Pg: pageRef,
        K: context.obj(kids),
      };
      if (element.actualText !== undefined) dict.ActualText = PDFHexString.fromText(element.actualText);
      if (element.scope) dict.A = context.obj({ O: 'Table', Scope: element.scope });
      context.assign(ref, context.obj(dict));
    }
    // The parent tree maps the page's StructParents key (0) to the element of each MCID, in order.
    const parentTree = context.obj({ Nums: [PDFNumber.of(0), context.obj(this.owners.map((owner) => refs.get(owner)!))] });
    context.assign(
      treeRootRef,
      context.obj({ Type: 'StructTreeRoot', K: refs.get(this.root)!, ParentTree: context.register(parentTree), ParentTreeNextKey: 1 }),
    );
    this.page.node.set(PDFName.of('StructParents'), PDFNumber.of(0));
    // Tab order follows the structure (PDF/UA 7.18.3), should a link or field ever be added.
    this.page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
    catalog.set(PDFName.of('StructTreeRoot'), treeRootRef);
    catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
    catalog.set(PDFName.of('Lang'), PDFString.of(options.language));
    catalog.getOrCreateViewerPreferences().setDisplayDocTitle(true);
    const metadata = context.stream(new TextEncoder().encode(xmp({ ...options, created: this.pdf.getCreationDate() ?? new Date(), modified: this.pdf.getModificationDate() ?? new Date() })), {
      Type: 'Metadata',
      Subtype: 'XML',
    });
    catalog.set(PDFName.of('Metadata'), context.register(metadata));
  }
}

const escapeXml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** XMP (ISO 16684-1) with the same title, subject, author, language and dates as the document information. */
function xmp(o: { language: string; title: string; subject: string; author: string; producer: string; created: Date; modified: Date }): string {
  const date = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(o.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(o.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:creator><rdf:Seq><rdf:li>${escapeXml(o.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>${escapeXml(o.language)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Producer>${escapeXml(o.producer)}</pdf:Producer>
   <xmp:CreatorTool>${escapeXml(o.producer)}</xmp:CreatorTool>
   <xmp:CreateDate>${date(o.created)}</xmp:CreateDate>
   <xmp:ModifyDate>${date(o.modified)}</xmp:ModifyDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}
