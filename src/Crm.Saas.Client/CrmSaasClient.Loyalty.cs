namespace Crm.Saas.Client;

public sealed partial class CrmSaasClient
{
    /// <summary>A customer's points: balance, shortfall and what counts towards the tier.</summary>
    [CrmOperation("GetCustomerLoyalty", "GET", "/v1/customers/{customerId}/loyalty")]
    public Task<LoyaltySummary> GetLoyaltyAsync(Guid customerId, CancellationToken cancellationToken = default) =>
        GetAsync<LoyaltySummary>($"/v1/customers/{customerId}/loyalty", cancellationToken);

    /// <summary>Spends points (soonest-expiring first). More than the balance is a 409 problem carrying the balance.</summary>
    [CrmOperation("RedeemPoints", "POST", "/v1/customers/{customerId}/loyalty/redeem")]
    public Task<PointsChange> RedeemPointsAsync(Guid customerId, Redemption redemption, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        CreateAsync<PointsChange>($"/v1/customers/{customerId}/loyalty/redeem", redemption, idempotencyKey, cancellationToken);

    /// <summary>Grants a partner's points to a customer named by exactly one of id, external id or email.</summary>
    [CrmOperation("AwardPoints", "POST", "/v1/loyalty/awards")]
    public Task<PointsChange> AwardPointsAsync(PointsAward award, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        CreateAsync<PointsChange>("/v1/loyalty/awards", award, idempotencyKey, cancellationToken);
}
