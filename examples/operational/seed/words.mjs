// Word lists the seed generator draws from (kept apart so generate.mjs reads as the data's shape).
export const COMPANY_A = ['Acme', 'Northwind', 'Blue Harbor', 'Cedar', 'Summit', 'Brightline', 'Ironwood', 'Silverleaf', 'Redwood', 'Lakeside', 'Granite', 'Harborview', 'Evergreen', 'Pinecrest', 'Sterling', 'Oakridge', 'Copperfield', 'Riverstone', 'Westbrook', 'Highland'];
export const COMPANY_B = ['Logistics', 'Health', 'Foods', 'Systems', 'Manufacturing', 'Retail', 'Labs', 'Financial', 'Energy', 'Academy', 'Robotics', 'Textiles'];
export const LEAD_SUFFIX = ['Ventures', 'Group', 'Partners', 'Studio', 'Works', 'Holdings', 'Collective', 'Co'];
export const INDUSTRIES = ['SOFTWARE', 'MANUFACTURING', 'RETAIL', 'HEALTHCARE', 'FINANCE', 'EDUCATION', 'LOGISTICS'];
export const CITIES = [
  ['Chicago', 'United States'],
  ['Austin', 'United States'],
  ['Boston', 'United States'],
  ['Seattle', 'United States'],
  ['Toronto', 'Canada'],
  ['London', 'United Kingdom'],
  ['Manchester', 'United Kingdom'],
  ['Dublin', 'Ireland'],
  ['Amsterdam', 'Netherlands'],
  ['Berlin', 'Germany'],
  ['Lyon', 'France'],
  ['Sydney', 'Australia'],
];
export const FIRST_NAMES = ['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'James', 'Isabella', 'Lucas', 'Mia', 'Mateo', 'Amelia', 'Ethan', 'Harper', 'Aiden', 'Evelyn', 'Leo', 'Chloe', 'Samuel', 'Grace', 'Daniel', 'Zoe', 'Henry', 'Nora', 'Omar', 'Priya', 'Kenji', 'Fatima', 'Diego'];
export const LAST_NAMES = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Martinez', 'Lopez', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Nguyen'];
export const JOB_TITLES = ['CEO', 'CFO', 'Head of Operations', 'IT Director', 'Procurement Manager', 'VP Sales', 'Office Manager', 'Operations Analyst', 'CTO', 'Customer Service Lead'];
export const LEAD_MESSAGES = ['Looking for a quote for 50 seats.', 'Can we book a demo next week?', 'We are replacing our current CRM this quarter.', 'Interested in the support plan.', 'Please send pricing for the hardware bundle.', ''];
export const DEAL_KINDS = ['Platform rollout', 'Renewal', 'Expansion', 'Support upgrade', 'Hardware refresh', 'Onboarding'];
export const NEXT_STEPS = ['Send proposal', 'Schedule demo', 'Security review call', 'Negotiate terms with procurement', 'Confirm budget owner', 'Technical workshop'];
// [code, name, family, list price, unit cost, description]
export const PRODUCTS = [
  ['LIC-CORE', 'Core platform license (per seat, year)', 'LICENSE', 480, 60, 'The CRM platform for one named user for a year.'],
  ['LIC-ANALYTICS', 'Analytics add-on (per seat, year)', 'LICENSE', 180, 25, 'Dashboards, forecasts and scoring.'],
  ['SUB-SUPPORT-STD', 'Standard support (year)', 'SUBSCRIPTION', 2400, 900, 'Business-hours support, next-day response.'],
  ['SUB-SUPPORT-PRM', 'Premium support (year)', 'SUBSCRIPTION', 7200, 2600, '24/7 support with a four-hour response.'],
  ['SUB-STORAGE-1T', 'Extra storage 1 TB (year)', 'SUBSCRIPTION', 600, 140, 'One more terabyte for files and attachments.'],
  ['HW-SCANNER', 'Barcode scanner', 'HARDWARE', 240, 130, 'Wireless scanner for warehouse teams.'],
  ['HW-TABLET', 'Rugged tablet', 'HARDWARE', 890, 540, 'Field-service tablet with the mobile app preinstalled.'],
  ['HW-KIOSK-1', 'Check-in kiosk (retired)', 'HARDWARE', 1900, 1250, 'Retired model, no longer sold.'],
  ['SRV-ONBOARD', 'Onboarding package', 'SERVICE', 3500, 1400, 'Set-up, data import and two training sessions.'],
  ['SRV-TRAINING', 'Training day', 'SERVICE', 1200, 450, 'One day of on-site or remote training.'],
  ['SRV-INTEGRATION', 'Integration sprint', 'SERVICE', 9800, 4200, 'Two weeks of integration work with your systems.'],
  ['SRV-HEALTHCHECK', 'Configuration health check', 'SERVICE', 1500, 500, 'A review of your set-up with recommendations.'],
];
// [name, type, status, start, end, budget]
export const CAMPAIGNS = [
  ['Spring product webinar 2026', 'WEBINAR', 'COMPLETED', '2026-04-14', '2026-04-14', 4000],
  ['Operations summit 2026', 'EVENT', 'COMPLETED', '2026-09-22', '2026-09-24', 28000],
  ['Q4 renewal email series', 'EMAIL', 'ACTIVE', '2026-10-05', '2026-12-20', 1500],
  ['2027 launch ads', 'ADVERTISING', 'PLANNED', '2027-01-15', '2027-03-31', 12000],
];
export const RESPONSES = ['Asked for a follow-up call.', 'Requested the slides.', 'Wants pricing for next year.', 'Registered two more colleagues.', 'Replied: interested, not before Q2.'];
// [title, category, summary]
export const ARTICLES = [
  ['Getting started: your first week', 'GETTING_STARTED', 'The five things to set up first.'],
  ['Inviting your team', 'GETTING_STARTED', 'Add users and give them a role.'],
  ['Importing contacts from a spreadsheet', 'HOW_TO', 'Map columns to fields and load a CSV.'],
  ['Setting up the web-to-lead form', 'HOW_TO', 'Publish the form and route leads to reps.'],
  ['Building a pipeline dashboard', 'HOW_TO', 'Widgets for stages, forecast and wins.'],
  ['Resetting a forgotten password', 'TROUBLESHOOTING', 'What to do when a user cannot sign in.'],
  ['Emails are not arriving', 'TROUBLESHOOTING', 'Check the sender domain and spam filters.'],
  ['The mobile app does not sync', 'TROUBLESHOOTING', 'Clear the cache and sign in again.'],
  ['Scanner is not recognised', 'TROUBLESHOOTING', 'Pair the barcode scanner with a tablet.'],
  ['Understanding your invoice', 'BILLING', 'What each line of the invoice means.'],
  ['Changing the number of seats', 'BILLING', 'Add or remove seats mid-term.'],
  ['Which support plan do I have?', 'FAQ', 'Standard and premium support compared.'],
  ['Exporting all your data', 'FAQ', 'Download every record as CSV.'],
  ['Draft: single sign-on set-up', 'HOW_TO', 'Connect your identity provider.'],
  ['Draft: data retention policy', 'FAQ', 'How long deleted records are kept.'],
];
export const ARTICLE_BODY = 'Follow the steps below; if the problem persists, open a case and mention this article.';
// [subject, index of the article that solves it]
export const CASE_SUBJECTS = [
  ['Cannot sign in after password change', 5],
  ['Notification emails not received', 6],
  ['Mobile app stuck on syncing', 7],
  ['Barcode scanner not detected', 8],
  ['Invoice shows wrong seat count', 9],
  ['Need to add ten more seats', 10],
  ['CSV import rejects date column', 2],
  ['Web form leads not assigned', 3],
  ['Question about premium support hours', 11],
  ['Dashboard shows no data', 4],
];
