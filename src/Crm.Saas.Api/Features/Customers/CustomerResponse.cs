namespace Crm.Saas.Api.Features.Customers;

/// <summary>A customer as the API shows it.</summary>
public sealed record CustomerResponse(
    Guid Id,
    CustomerKind Kind,
    string Name,
    string? Email,
    string? Phone,
    DateOnly? Birthday,
    IReadOnlyList<string> Tags,
    string? Source,
    ConsentFields Consent,
    LifecycleStage LifecycleStage,
    string? ExternalId,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    bool Deleted)
{
    public static CustomerResponse From(Customer c) => new(
        c.Id, c.Kind, c.Name, c.Email, c.Phone, c.Birthday, c.Tags, c.Source,
        new ConsentFields(c.ConsentEmail, c.ConsentSms), c.LifecycleStage, c.ExternalId, c.CreatedAt, c.UpdatedAt, c.DeletedAt is not null);
}
