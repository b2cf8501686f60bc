import { useQuery } from '@tanstack/react-query';
import { accountOptionsQuery } from '../../lib/account-options.ts';
import './brand.css';

/**
 * The company's logo and name (GET /api/Account/Options, public): the header's brand and the
 * sign-in card's. "AIRisk" until they are known, or when the company has none.
 */
export function CompanyBrand() {
  const { data } = useQuery(accountOptionsQuery);
  const name = data?.company.name || 'AIRisk';
  const logoUrl = data?.company.logoUrl;
  return (
    <span className="company-brand">
      {logoUrl && <img src={logoUrl} alt={name} className="company-brand-logo" />}
      <span>{name}</span>
    </span>
  );
}
