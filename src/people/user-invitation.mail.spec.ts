import { renderUserInvitation, UserInvitationView } from './user-invitation.mail';

const view = (over: Partial<UserInvitationView> = {}): UserInvitationView => ({
  name: 'Mia Manager',
  email: 'mia@northwind.example',
  role: 'manager',
  orgName: 'Northwind',
  invitedBy: { name: 'Hana HR', email: 'hana@northwind.example' },
  teams: [],
  loginUrl: 'https://rapport.example/login',
  ...over,
});

describe('user invitation mail', () => {
  it('says who invited whom, to which organization, in which role, and links to the sign-in page', () => {
    const mail = renderUserInvitation(view());
    expect(mail.subject).toBe('Hana HR invited you to Northwind on Rapport');
    expect(mail.text).toContain('Hello Mia Manager,');
    expect(mail.text).toContain('Hana HR (hana@northwind.example) invited you to Northwind on Rapport');
    expect(mail.text).toContain('Your role: Manager. You see the results of the teams you manage');
    expect(mail.text).toContain('An HR admin chooses the teams you manage');
    expect(mail.text).toContain('ask for a link to mia@northwind.example:');
    expect(mail.text).toMatch(/^https:\/\/rapport\.example\/login$/m);
    expect(mail.html).toContain('<a href="https://rapport.example/login"');
    expect(mail.html).toContain('<title>Hana HR invited you to Northwind on Rapport</title>');
    // A sign-in link expires within minutes; the invitation never carries one.
    expect(`${mail.text}${mail.html}`).not.toContain('/auth/magic/');
  });

  it('names a manager’s teams once they have some', () => {
    const mail = renderUserInvitation(view({ teams: ['Mobile', 'Platform'] }));
    expect(mail.text).toContain('Your teams: Mobile, Platform.');
    expect(mail.text).not.toContain('An HR admin chooses');
    expect(mail.html).toContain('Your teams: Mobile, Platform.');
  });

  it('tells an HR admin they run Rapport for the organization', () => {
    const mail = renderUserInvitation(view({ role: 'hr_admin', name: 'Ola Admin', email: 'ola@northwind.example' }));
    expect(mail.text).toContain('Your role: HR admin. You run Rapport for all of Northwind');
    expect(mail.text).not.toContain('teams you manage');
  });

  it('escapes names in the HTML and leaves the text as written', () => {
    const mail = renderUserInvitation(view({ name: 'Mia <b>', orgName: 'R&D', invitedBy: { name: 'Hana "HR"', email: 'hana@rd.example' } }));
    expect(mail.html).toContain('Hello Mia &lt;b&gt;,');
    expect(mail.html).toContain('<strong>Hana &quot;HR&quot;</strong>');
    expect(mail.html).not.toContain('<b>');
    expect(mail.text).toContain('Hello Mia <b>,');
    expect(mail.subject).toBe('Hana "HR" invited you to R&D on Rapport');
  });
});
