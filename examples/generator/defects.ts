// The defects planted in the example data, at known rates. DATA.md documents the same
// numbers (generate.test.ts checks that the two agree and that the files show them).
// Each rate is a probability per unit named in the comment; the unit is what makes it
// measurable from the files alone.
export const DEFECTS = {
  /** per company in the CRM: a second CRM record (new id, differently spelt name) */
  crmDuplicateRecord: 0.03,
  /** per ERP customer that is also in the CRM: the ERP name is spelt differently */
  nameSpellingMismatch: 0.3,
  /** per ERP customer: the company has no CRM record at all */
  erpMissingFromCrm: 0.08,
  /** per ERP customer that is in the CRM: the crm_id link is empty */
  crmLinkMissing: 0.12,
  /** per ERP customer missing from the CRM: crm_id points to a deleted CRM record */
  crmLinkDangling: 0.25,
  /** per CRM record: no email */
  crmEmailMissing: 0.12,
  /** per CRM record: no phone */
  crmPhoneMissing: 0.2,
  /** per CRM record: country not as ISO code (DEU, Germany, de, Deutschland, Holland, ...) */
  crmCountryVariant: 0.1,
  /** per ERP customer: country_code as a three-letter code (DEU, NLD, AUT) */
  erpCountryVariant: 0.02,
  /** per ERP customer: no VAT id */
  erpVatMissing: 0.05,
  /** per order line: negative quantity and amount (a credit note keyed as an order) */
  orderNegativeAmount: 0.004,
  /** per order line: line_total 1000x too high (decimal separator slip) */
  orderAbsurdAmount: 0.001,
  /** per order: customer_no unknown to erp_customers */
  orderUnknownCustomer: 0.005,
  /** per order line: sku not in product_catalogue (discontinued and deleted) */
  orderUnknownSku: 0.01,
  /** per order: no delivery postcode */
  orderPostcodeMissing: 0.03,
  /** per ticket: customer_id empty (requester could not be matched) */
  ticketCustomerMissing: 0.15,
  /** per closed ticket: closed_at before created_at */
  ticketClosedBeforeCreated: 0.01,
  /** per product: no description */
  productDescriptionMissing: 0.35,
  /** per product: EAN with a wrong check digit */
  productEanInvalid: 0.02,
  /** per product: cost_price above list_price */
  productCostAboveList: 0.03,
  /** per product: no weight */
  productWeightMissing: 0.08,
  /** per tracked event: sent twice (an exact duplicate row follows) */
  webDuplicateRow: 0.02,
  /** per invoice: invoice_date as DD/MM/YYYY */
  invoiceDateDayMonthYear: 0.08,
  /** per invoice: invoice_date as "1 Mar 2026" */
  invoiceDateLongForm: 0.06,
  /** per invoice: a second submission of an earlier invoice (same supplier and number) */
  invoiceDuplicate: 0.015,
  /** per invoice: gross_amount differs from net_amount + vat_amount */
  invoiceGrossMismatch: 0.02,
  /** per invoice: no purchase-order number */
  invoicePoMissing: 0.18,
  /** per sensor reading: temperature_c = -999 (sensor sentinel for "no value") */
  equipmentSentinel: 0.01,
} as const;
export type DefectId = keyof typeof DEFECTS;

/** support_tickets stopped loading this many days before "today" (the stale table). */
export const STALE_TICKETS_DAYS = 130;
