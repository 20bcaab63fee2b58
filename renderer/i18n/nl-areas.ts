import type { DayWords, DisplayWords, JournalWords, RefundWords, ShellWords } from './en-areas.ts';

/**
 * The Dutch of en-areas.ts, key for key: the shell, the journal, the till day
 * and the refund screens. Same vocabulary as nl.ts ("pinnen", "contant",
 * "bon", "beginsaldo" for the float); the cashier is "je".
 */

export const nlShell = {
  deviceKinds: {
    terminal: 'Pinautomaat',
    webhook: 'Resultaatontvanger',
    printer: 'Bonprinter',
  },
  deviceStates: {
    online: 'Gereed',
    busy: 'Bezig',
    offline: 'Geen verbinding',
    unknown: 'Controleren',
    not_configured: 'Niet ingesteld',
  },
  modeBadge: {
    training: 'Training: verkopen tellen niet mee',
    demo: 'Demo: geen echte betalingen',
  },
  connection: {
    connecting: 'Verbinden met de kassa…',
    reconnecting:
      'Contact met de kassa verloren. Opnieuw verbinden… Wacht tot deze melding weg is voordat je verdergaat.',
    refused:
      'De kassa weigert deze pagina. Open het adres dat Kassa liet zien toen hij voor het laatst startte; het verandert bij elke start.',
  },
} satisfies ShellWords;

export const nlJournal = {
  open: 'Journaal (F7)',
  title: 'Journaal',
  searchHeading: 'Een verkoop zoeken',
  receiptNumber: 'Bonnummer',
  from: 'Van',
  to: 'Tot',
  amount: 'Bedrag',
  cardLast4: 'Laatste 4 cijfers pas',
  search: 'Zoeken',
  searchHint: 'Vul in wat je weet. Laat alles leeg om de laatste verkopen te zien.',
  resultsLabel: 'Gevonden verkopen',
  noResults: 'Geen verkoop gevonden. Controleer het bonnummer, neem de tijden ruimer of laat een vak leeg.',
  badAmount: 'Typ het bedrag zoals op de bon, bijvoorbeeld 12,50.',
  badCard: 'Typ de laatste 4 cijfers van de pas, zoals op de bon.',
  badTime: (field: string, example: string) =>
    `“${field}” is geen datum en tijd. Typ het zoals ${example}, of laat het leeg.`,
  toBeforeFrom: '“Tot” ligt vóór “Van”. Draai ze om, of laat er een leeg.',
  cash: 'Contant',
  sale: (receiptNumber: string) => `Verkoop ${receiptNumber}`,
  completedAt: (when: string) => `Afgerond ${when}`,
  total: 'Totaal',
  linesHeading: 'Regels',
  item: 'Artikel',
  quantity: 'Aantal',
  lineAmount: 'Bedrag',
  discount: (amount: string) => `korting ${amount}`,
  tendersHeading: 'Betaald met',
  cashTendered: (tendered: string, change: string) => `ontvangen ${tendered}, wisselgeld ${change}`,
  authCode: (code: string) => `autorisatiecode ${code}`,
  attemptsHeading: 'Pinpogingen',
  noAttempts: 'Bij deze verkoop is niet gepind.',
  attemptKinds: { payment: 'Pinbetaling', reversal: 'Terug op de pas', refund: 'Terug op een andere pas' },
  printHeading: 'Bonnen op papier',
  noPrintJobs: 'Voor deze verkoop is niets naar een printer gestuurd.',
  refundsHeading: 'Terugbetalingen van deze verkoop',
  noRefunds: 'Op deze verkoop is niets terugbetaald.',
  refundNotNumbered: 'Niet afgerond',
  showRefund: 'Tonen',
  refundableHeading: 'Nog terug te betalen',
  refundableTotal: (amount: string) => `Nog terug te betalen: ${amount}`,
  nothingRefundable: 'Alles van deze verkoop is terugbetaald.',
  ofPaid: (left: string, paid: string) => `${left} van ${paid}`,
  close: 'Sluiten',
  attemptStates: {
    created: 'Aangemaakt',
    sent: 'Naar de pinautomaat gestuurd',
    in_progress: 'Bij de pinautomaat',
    checking: 'Navragen',
    approved: 'Goedgekeurd',
    declined: 'Geweigerd',
    cancelled: 'Afgebroken',
    failed: 'Mislukt',
    needs_attention: 'Manager nodig',
  },
  refundStates: {
    open: 'niet afgerond',
    completed: 'afgerond',
    cancelled: 'geannuleerd',
  },
  jobKinds: {
    receipt: 'Bon',
    copy: 'Kopie',
    merchant_copy: 'Winkelkopie van het pinbonnetje',
    document: 'Overige afdruk',
  },
  printJob: {
    printed: (kind: string, time: string | undefined) => `${kind}: afgedrukt${time === undefined ? '' : ` ${time}`}`,
    printing: (kind: string) => `${kind}: wordt afgedrukt`,
    queued: (kind: string, problem: string | undefined) =>
      `${kind}: wacht op de printer${problem === undefined ? '' : ` (${problem})`}`,
  },
  cardLabel: 'Pin',
} satisfies JournalWords;

export const nlDay = {
  open: 'Kassadag (F5)',
  title: 'Kassadag',
  notOpen: 'De kassadag is niet geopend',
  notOpenHint: 'Tel het geld in de lade, typ het in als beginsaldo en open de dag.',
  openSince: (when: string) => `Open sinds ${when}`,
  float: (amount: string) => `beginsaldo ${amount}`,
  floatNotCounted: 'De dag is vanzelf geopend met de eerste verkoop: er is geen beginsaldo geteld.',
  lastZ: (zNumber: number) => `Laatste Z-rapport: nummer ${zNumber}.`,
  floatCounted: 'Geteld beginsaldo',
  openDay: 'De dag openen',
  opened: 'De kassadag is geopend. Leg het beginsaldo in de lade.',
  badAmount: 'Typ het getelde bedrag, bijvoorbeeld 150,00.',
  managerApproves:
    'Een manager keurt kasmutaties, de cijfers van de dag en het afsluiten van de dag goed: als de kassa erom vraagt, kiest de manager hier zijn of haar naam en typt de pincode.',

  cashHeading: 'Geld in of uit de lade',
  cashKind: 'Geld in of uit',
  cashIn: 'Geld in',
  cashOut: 'Geld uit',
  cashAmount: 'Bedrag contant',
  cashReason: 'Reden voor de kasmutatie',
  cashReasonHint:
    'Bijvoorbeeld: wisselgeld van de bank, of de opbrengst naar de kluis. Dit wordt bewaard in het auditlogboek.',
  recordCashMove: 'Kasmutatie vastleggen',
  cashMoved: (kind: 'in' | 'out', amount: string) =>
    kind === 'in' ? `Vastgelegd: ${amount} in de lade gelegd.` : `Vastgelegd: ${amount} uit de lade genomen.`,
  shortReason: 'Zeg waarom het geld verplaatst wordt (minstens 3 tekens).',

  reportsHeading: 'De cijfers van de dag',
  xReport: 'X-rapport',
  printX: 'X-rapport afdrukken',
  xPrinting: 'Het X-rapport gaat naar de printer.',

  closeHeading: 'De dag afsluiten',
  closeHint:
    'Tel eerst alle biljetten en munten in de lade. Het Z-rapport is definitief: daarna kan er niets meer aan de dag worden toegevoegd.',
  countedCash: 'Geteld contant geld',
  closeDay: 'De dag afsluiten (Z-rapport)',
  closeConfirm: (counted: string) => `De kassadag afsluiten met ${counted} geteld in de lade?`,
  closeYes: 'Ja, de dag afsluiten',
  linksLiveHeading: (count: number) =>
    count === 1 ? 'Er is nog een betaallink actief' : `Er zijn nog ${count} betaallinks actief`,
  linksLiveHint:
    'De klant kan nog betalen. Bij het afsluiten wordt elke link eerst geannuleerd; een link die intussen is betaald, blijft betaald en telt mee in de dag.',
  liveLink: (amount: string, time: string) => `${amount}, gemaakt om ${time}`,
  closeYesCancelLinks: 'Links annuleren en de dag afsluiten',
  back: 'Terug',
  closed: (zNumber: number) => `De kassadag is afgesloten. Z-rapport ${zNumber} gaat naar de printer.`,
  closedOnScreen: (zNumber: number) =>
    `De kassadag is afgesloten. Deze kassa heeft geen printer, dus Z-rapport ${zNumber} wordt niet afgedrukt: lees het hieronder op het scherm.`,

  reprintHeading: 'Een Z-rapport opnieuw afdrukken',
  zNumber: 'Z-nummer',
  badZNumber: 'Typ het nummer dat op het Z-rapport staat, bijvoorbeeld 12.',
  reprintZ: 'Z-rapport opnieuw afdrukken',
  reprinted: (zNumber: number) => `Een kopie van Z-rapport ${zNumber} gaat naar de printer.`,
  noPrinter: 'Deze kassa heeft geen printer: lees het rapport op het scherm.',

  zTitle: 'Z-rapport',
  close: 'Sluiten',
  report: {
    day: (dayNumber: number, opened: string) => `Dag ${dayNumber}, geopend ${opened}`,
    generated: (when: string) => `Cijfers van ${when}`,
    closedAt: (when: string) => `Afgesloten ${when}`,
    closedBy: (who: string) => `Afgesloten door ${who}`,
    summary: 'Overzicht',
    salesCount: 'Verkopen',
    salesTotal: 'Totaal verkopen',
    items: 'Verkochte artikelen',
    discounts: 'Gegeven kortingen',
    refundsCount: 'Terugbetalingen',
    refundsTotal: 'Totaal terugbetalingen',
    voidsCount: 'Gewiste verkopen',
    voidsTotal: 'Waarde van gewiste verkopen',
    netTakings: 'Netto-omzet',
    tenders: 'Per betaalwijze',
    tender: 'Betaalwijze',
    sales: 'Verkopen',
    refunds: 'Terugbetalingen',
    net: 'Netto',
    tenderNames: { cash: 'Contant', card: 'Pin', link: 'Betaald via link', online: 'Online retour in winkel' },
    vat: 'Btw',
    rate: 'Tarief',
    gross: 'Bruto',
    vatAmount: 'Btw',
    netAmount: 'Netto',
    drawer: 'Geld in de lade',
    float: 'Beginsaldo',
    cashSales: 'Contante verkopen',
    cashRefunds: 'Contante terugbetalingen',
    cashIn: 'In de lade gelegd',
    cashOut: 'Uit de lade genomen',
    expected: 'Verwacht in de lade',
    counted: 'Geteld',
    difference: 'Verschil',
    moves: 'Kasmutaties',
    noMoves: 'Er is geen geld in de lade gelegd of uit de lade genomen.',
    moveKinds: { in: 'in', out: 'uit' },
  },
  difference: {
    short: (amount: string) => `Kastekort van ${amount}`,
    over: (amount: string) => `Kasoverschot van ${amount}`,
    none: 'Geen verschil: de lade klopt',
  },
} satisfies DayWords;

export const nlRefund = {
  formHeading: 'Geld teruggeven op deze verkoop',
  quantityFor: (name: string) => `Aantal terug van ${name}`,
  canRefund: (count: number) => (count === 0 ? 'al helemaal terugbetaald' : `tot ${count}`),
  amount: 'Bedrag terug',
  amountHint: 'Of, zonder gekozen regels: een bedrag uit coulance, verdeeld over de btw-tarieven van de verkoop.',
  amountDisabled:
    'Er zijn regels gekozen: het bedrag volgt daaruit. Zet elk aantal op 0 om een los bedrag terug te geven.',
  reason: 'Reden voor de terugbetaling',
  reasonHint: 'Minstens 3 tekens. De reden komt op de retourbon en wordt bewaard in het auditlogboek.',
  refund: (amount: string) => `${amount} terugbetalen`,
  managerApproves:
    'Een manager keurt terugbetalingen goed: als de kassa erom vraagt, kiest de manager hier zijn of haar naam en typt de pincode.',

  badQuantity: (name: string) => `Typ een heel aantal ${name} om terug te nemen, of 0.`,
  tooMany: (count: number, name: string) =>
    count === 0
      ? `“${name}” is al helemaal terugbetaald.`
      : `Van “${name}” kunnen er nog maar ${count} worden terugbetaald.`,
  badAmount: 'Typ het bedrag dat terug moet, bijvoorbeeld 5,00.',
  tooMuch: (amount: string) => `Op deze verkoop kan nog maar ${amount} worden terugbetaald.`,
  shortReason: 'Zeg waarom het geld teruggaat (minstens 3 tekens).',

  withoutReceipt: 'Terugbetalen zonder bon',
  withoutReceiptHint:
    'Geld terug op de pas die de klant aanbiedt, zonder verkoop om naar te verwijzen. Alleen als de verkoop niet te vinden is.',
  review: 'Terugbetaling nakijken',
  confirmHeading: 'Terugbetaling zonder bon bevestigen',
  confirmAmount: (amount: string) => `${amount} terugbetalen`,
  confirmTerminal: 'op de pas die de klant op de pinautomaat aanbiedt',
  confirmNoSale: 'geen oorspronkelijke verkoop',
  confirmReason: (reason: string) => `Reden: ${reason}`,
  confirm: 'Terugbetaling bevestigen',
  back: 'Terug',

  statusHeading: 'Terugbetaling',
  number: (number: string) => `Retournummer ${number}`,
  forReceipt: (receipt: string) => `Voor bon ${receipt}`,
  total: (amount: string) => `Totaal ${amount}`,
  partsLabel: 'Waar het geld naartoe gaat',
  anyCard: 'Elke aangeboden pas',
  cash: 'Contant uit de lade',
  partStates: {
    to_do: 'nog niet begonnen',
    waiting: 'wacht op de pinautomaat',
    done: 'teruggegeven',
    failed: 'niet gelukt',
    needs_attention: 'manager nodig',
  },
  retry: 'De pas opnieuw proberen',
  cancel: 'Terugbetaling annuleren',
  cancelReason: 'Reden om de terugbetaling te annuleren',
  done: 'Klaar',

  openHeading: 'Niet afgeronde terugbetalingen',
  openItem: (amount: string, reason: string) => `${amount} · ${reason}`,
  show: 'Tonen',
} satisfies RefundWords;

/** The customer display speaks to the customer, so "u", as Dutch shops do. */
export const nlDisplay = {
  welcome: 'Welkom',
  welcomeDetail: 'Hier ziet u straks uw artikelen.',
  items: 'Uw artikelen',
  moreAbove: (count: number) => `en nog ${String(count)} hierboven`,
  quantity: (count: number) => `${String(count)} x`,
  total: 'Totaal',
  due: 'Nog te betalen',
  payOnTerminal: 'Betaal alstublieft op de pinautomaat',
  scanToPay: 'Scan de code met uw telefoon om te betalen',
  amount: 'Bedrag',
  expiresIn: (time: string) => `De code verloopt over ${time}`,
  expired: 'Deze code is verlopen. Vraag het even bij de kassa.',
  qrLabel: (amount: string) => `QR-code om ${amount} te betalen met een betaallink`,
  thanks: 'Bedankt',
  paid: 'Betaald',
  change: 'Uw wisselgeld',
  goodbye: 'Tot ziens!',
  connecting: 'Verbinden met de kassa…',
  needsLink: 'Dit scherm heeft een eigen adres nodig: open het klantschermadres dat de kassa gaf.',
  refused: 'De kassa nam het adres van dit scherm niet aan. Open het klantschermadres dat de kassa gaf.',
} satisfies DisplayWords;
