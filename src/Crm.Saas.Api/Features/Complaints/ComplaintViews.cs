using Crm.Saas.Api.Persistence;
using Crm.Saas.Tenancy;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>Builds complaint responses for the request's tenant: the rules, the clock and the survey link they need.</summary>
public sealed class ComplaintViews(TenantDbContext db, ITenantContextAccessor tenants, SurveyTokens tokens, TimeProvider clock)
{
    private ComplaintRules? _rules;

    public DateTime Now { get; } = StoredTime.Now(clock);

    public async Task<ComplaintRules> RulesAsync(CancellationToken cancellationToken) =>
        _rules ??= await ComplaintSettingsQueries.RulesAsync(db, cancellationToken);

    public ComplaintResponse Show(Complaint complaint, ComplaintRules rules) =>
        ComplaintResponse.From(complaint, rules, Now, complaint.SurveyNonce is null ? null : tokens.Url(tenants.Required.Id, complaint));
}
