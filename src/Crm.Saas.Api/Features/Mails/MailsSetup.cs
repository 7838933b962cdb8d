using Crm.Saas.Api.Features.Customers.Contracts;
using Crm.Saas.Api.Infrastructure.Jobs;
using Crm.Saas.Api.Persistence;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Features.Mails;

internal static class MailsSetup
{
    public static IServiceCollection AddMails(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section))
            .Validate(o => o.WelcomeDelay >= TimeSpan.Zero, "Mail:WelcomeDelay must not be negative.")
            .Validate(o => o.SendInterval >= TimeSpan.Zero, "Mail:SendInterval must not be negative.")
            .Validate(o => o.BatchSize is >= 1 and <= 1000, "Mail:BatchSize must be 1–1000.")
            .Validate(o => o.MaxAttempts is >= 1 and <= 50, "Mail:MaxAttempts must be 1–50.")
            .Validate(o => o.Lease > TimeSpan.Zero && o.RetryBase > TimeSpan.Zero, "Mail:Lease and Mail:RetryBase must be positive.")
            .Validate(o => string.IsNullOrEmpty(o.Smtp.Host) || Enum.TryParse<MailKit.Security.SecureSocketOptions>(o.Smtp.Security, true, out _),
                "Mail:Smtp:Security must be None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect.")
            .ValidateOnStart();

        services.AddSingleton<IMailTransport>(sp =>
        {
            var mail = sp.GetRequiredService<IOptions<MailOptions>>().Value;
            return string.IsNullOrWhiteSpace(mail.Smtp.Host)
                ? new PickupMailTransport(Path.IsPathRooted(mail.PickupDirectory)
                    ? mail.PickupDirectory
                    : sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.DataPath(mail.PickupDirectory))
                : new SmtpMailTransport(sp.GetRequiredService<IOptions<MailOptions>>());
        });
        services.AddSingleton<UnsubscribeTokens>();
        services.AddSingleton<MailRenderer>();
        services.AddSingleton<INewCustomerMail, WelcomeMail>();
        services.TryAddSingleton<IMailQuota, NoMailQuota>();
        services.AddTenantJob<MailSender>();
        return services;
    }
}
