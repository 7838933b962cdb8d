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
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static CustomerResponse From(Customer c) => new(
        c.Id, c.Kind, c.Name, c.Email, c.Phone, c.Birthday, c.Tags, c.Source,
        new ConsentFields(c.ConsentEmail, c.ConsentSms), c.LifecycleStage, c.CreatedAt, c.UpdatedAt);
}
