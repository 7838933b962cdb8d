namespace Crm.Saas.Client;

[CrmSchema("ContactFields")]
public sealed record NewContact
{
    public required string Name { get; init; }

    /// <summary>buyer, decision_maker, user, billing or other.</summary>
    public required string Role { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public string? Title { get; init; }

    public bool IsPrimary { get; init; }
}

[CrmSchema("ContactResponse")]
public sealed record Contact
{
    public Guid Id { get; init; }

    public Guid CustomerId { get; init; }

    public string Name { get; init; } = "";

    public string Role { get; init; } = "";

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public string? Title { get; init; }

    public bool IsPrimary { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
