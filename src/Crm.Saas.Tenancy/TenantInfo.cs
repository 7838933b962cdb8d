namespace Crm.Saas.Tenancy;

/// <summary>What the platform knows about one tenant (one business): who it is and where its data lives.</summary>
public sealed record TenantInfo(Guid Id, string Slug, string Name, TenantStatus Status, TenantPlacement Placement)
{
    public bool IsActive => Status == TenantStatus.Active;
}

public enum TenantStatus
{
    Provisioning,
    Active,
    Suspended,
    Failed,
}
