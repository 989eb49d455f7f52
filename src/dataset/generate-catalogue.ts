/**
 * The product catalogue of the synthetic economy: tiers of components
 * from raw materials to finished goods, the categories in each tier and
 * the industry of the enterprises that make them.
 */

export interface CategorySpec {
  name: string;
  industry: Industry;
  /** Epidemic-prevention supplies or a key input to them. */
  epidemic?: boolean;
}

export interface TierSpec {
  label: string;
  /** Share of all components in this tier. */
  componentShare: number;
  /** Share of all enterprises making components of this tier. */
  enterpriseShare: number;
  categories: readonly CategorySpec[];
}

export const INDUSTRIES = [
  'Mining',
  'Agriculture',
  'Forestry',
  'Petrochemicals',
  'Metallurgy',
  'Chemicals',
  'Textiles',
  'Building materials',
  'Paper and packaging',
  'Metal processing',
  'Plastics and rubber',
  'Pharmaceuticals',
  'Machinery',
  'Electronics',
  'Electrical equipment',
  'Aviation',
  'Medical supplies',
  'Automotive',
  'Consumer goods',
] as const;

export type Industry = (typeof INDUSTRIES)[number];

export const TIERS: readonly TierSpec[] = [
  {
    label: 'raw material',
    componentShare: 0.06,
    enterpriseShare: 0.08,
    categories: [
      { name: 'Metal ore', industry: 'Mining' },
      { name: 'Industrial mineral', industry: 'Mining' },
      { name: 'Crude oil fraction', industry: 'Petrochemicals' },
      { name: 'Natural fibre', industry: 'Agriculture' },
      { name: 'Agricultural produce', industry: 'Agriculture' },
      { name: 'Timber', industry: 'Forestry' },
    ],
  },
  {
    label: 'basic material',
    componentShare: 0.1,
    enterpriseShare: 0.12,
    categories: [
      { name: 'Steel', industry: 'Metallurgy' },
      { name: 'Nonferrous metal', industry: 'Metallurgy' },
      { name: 'Polymer resin', industry: 'Petrochemicals' },
      { name: 'Basic chemical', industry: 'Chemicals' },
      { name: 'Yarn', industry: 'Textiles' },
      { name: 'Glass', industry: 'Building materials' },
      { name: 'Pulp', industry: 'Paper and packaging' },
    ],
  },
  {
    label: 'processed material',
    componentShare: 0.14,
    enterpriseShare: 0.16,
    categories: [
      { name: 'Sheet and bar stock', industry: 'Metal processing' },
      { name: 'Plastic compound', industry: 'Plastics and rubber' },
      { name: 'Rubber compound', industry: 'Plastics and rubber' },
      { name: 'Woven fabric', industry: 'Textiles' },
      { name: 'Melt-blown nonwoven', industry: 'Textiles', epidemic: true },
      { name: 'Specialty chemical', industry: 'Chemicals' },
      { name: 'Pharmaceutical intermediate', industry: 'Pharmaceuticals' },
      { name: 'Packaging film', industry: 'Paper and packaging' },
    ],
  },
  {
    label: 'part',
    componentShare: 0.2,
    enterpriseShare: 0.2,
    categories: [
      { name: 'Fastener', industry: 'Metal processing' },
      { name: 'Bearing', industry: 'Machinery' },
      { name: 'Casting', industry: 'Metal processing' },
      { name: 'Moulded part', industry: 'Plastics and rubber' },
      { name: 'Seal', industry: 'Plastics and rubber' },
      { name: 'Passive electronic component', industry: 'Electronics' },
      { name: 'Active pharmaceutical ingredient', industry: 'Pharmaceuticals' },
    ],
  },
  {
    label: 'component',
    componentShare: 0.2,
    enterpriseShare: 0.18,
    categories: [
      { name: 'Printed circuit board', industry: 'Electronics' },
      { name: 'Semiconductor device', industry: 'Electronics' },
      { name: 'Sensor', industry: 'Electronics' },
      { name: 'Electric motor', industry: 'Electrical equipment' },
      { name: 'Battery cell', industry: 'Electrical equipment' },
      { name: 'Pump', industry: 'Machinery' },
      { name: 'Valve', industry: 'Machinery' },
    ],
  },
  {
    label: 'module',
    componentShare: 0.16,
    enterpriseShare: 0.14,
    categories: [
      { name: 'Control module', industry: 'Electronics' },
      { name: 'Display module', industry: 'Electronics' },
      { name: 'Power unit', industry: 'Electrical equipment' },
      { name: 'Hydraulic assembly', industry: 'Machinery' },
      { name: 'Drug formulation', industry: 'Pharmaceuticals' },
      { name: 'Avionics unit', industry: 'Aviation' },
    ],
  },
  {
    label: 'finished good',
    componentShare: 0.14,
    enterpriseShare: 0.12,
    categories: [
      { name: 'Protective equipment', industry: 'Medical supplies', epidemic: true },
      { name: 'Medical device', industry: 'Medical supplies', epidemic: true },
      { name: 'Medicine', industry: 'Pharmaceuticals', epidemic: true },
      { name: 'Vehicle', industry: 'Automotive' },
      { name: 'Aircraft assembly', industry: 'Aviation' },
      { name: 'Machine tool', industry: 'Machinery' },
      { name: 'Household appliance', industry: 'Consumer goods' },
      { name: 'Consumer electronics', industry: 'Electronics' },
    ],
  },
];

/** Categories of all tiers in one list; a component stores its index here. */
export const CATEGORIES: readonly (CategorySpec & { tier: number })[] = TIERS.flatMap((tier, index) =>
  tier.categories.map((category) => ({ ...category, tier: index })),
);

export const QUALIFIERS: readonly string[] = [
  'Standard',
  'Precision',
  'Heavy-duty',
  'Miniature',
  'High-grade',
  'Industrial',
  'Low-cost',
  'Export-grade',
];
