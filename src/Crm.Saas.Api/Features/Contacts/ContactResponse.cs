namespace Crm.Saas.Api.Features.Contacts;

/// <summary>A contact as the API shows it.</summary>
public sealed record ContactResponse(
    Guid Id,
    Guid CustomerId,
    string Name,
    ContactRole Role,
    string? Email,
    string? Phone,
    string? Title,
    bool IsPrimary,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static ContactResponse From(Contact c) =>
        new(c.Id, c.CustomerId, c.Name, c.Role, c.Email, c.Phone, c.Title, c.IsPrimary, c.CreatedAt, c.UpdatedAt);
}
