using FacetEducation.Web.Enquiries;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FacetEducation.Web.Data.Postgres;

public static class ClinicDatabaseServices
{
    /// <summary>
    /// <c>Data:Provider</c> and, for <c>Postgres</c>, the shared database: the setting checked at
    /// start, the schema migrated at start, the database in <c>/healthz</c>. The key ring's use of
    /// it is in <see cref="Enquiries.DataProtectionKeys"/>.
    /// </summary>
    public static IServiceCollection AddClinicDatabase(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<DataOptions>, DataProviderValidation>();
        services.AddSingleton<ClinicDatabase>();
        services.AddSingleton<PostgresXmlRepository>();
        services.AddHostedService<ClinicDatabaseStartup>();
        // Unhealthy when the shared database cannot be reached or its schema cannot be brought up to date.
        services.AddHealthChecks().AddCheck<ClinicDatabaseHealthCheck>("database");
        return services;
    }
}

/// <summary>Checks <c>Data:Provider</c> and, for <c>Postgres</c>, <c>ConnectionStrings:Clinic</c>, naming the key that is wrong.</summary>
internal sealed class DataProviderValidation(IConfiguration configuration) : IValidateOptions<DataOptions>
{
    private const string ProviderKey = DataOptions.Section + ":Provider";

    public ValidateOptionsResult Validate(string? name, DataOptions options)
    {
        if (!Enum.IsDefined(options.Provider))
        {
            return ValidateOptionsResult.Fail($"{ProviderKey} must be Sqlite (the default: files in the data folder) or Postgres (with {ClinicDatabase.ConnectionStringKey}).");
        }

        if (options.Provider != DataProvider.Postgres)
        {
            return ValidateOptionsResult.Success;
        }

        var connectionString = configuration.GetConnectionString(ClinicDatabase.ConnectionStringName);
        const string Example = "a PostgreSQL connection string such as \"Host=db.example.org;Database=clinic;Username=clinic\", with the password from an environment variable or user secrets";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return ValidateOptionsResult.Fail($"{ClinicDatabase.ConnectionStringKey} is required when {ProviderKey} is Postgres: {Example}.");
        }

        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(parsed.Host)
                ? ValidateOptionsResult.Fail($"{ClinicDatabase.ConnectionStringKey} names no Host: {Example}.")
                : ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            // Npgsql's message names the keyword, never the value (which may be the password).
            return ValidateOptionsResult.Fail($"{ClinicDatabase.ConnectionStringKey} is not a PostgreSQL connection string ({ex.Message}): {Example}.");
        }
    }
}

/// <summary>Migrates the shared database before the site takes requests; a failure is logged, not fatal (see <see cref="ClinicDatabase"/>).</summary>
internal sealed class ClinicDatabaseStartup(IOptions<DataOptions> options, IServiceProvider services, ILogger<ClinicDatabaseStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Provider != DataProvider.Postgres)
        {
            return Task.CompletedTask;
        }

        var database = services.GetRequiredService<ClinicDatabase>();
        try
        {
            database.EnsureSchema();
        }
        catch (Exception ex) when (ex is NpgsqlException or StoreFileException or TimeoutException)
        {
            logger.LogCritical("The shared database {Where} ({Key}) cannot be used: {Reason}. /healthz reports Unhealthy until it can; the site tries again on each use",
                database.Where, ClinicDatabase.ConnectionStringKey, ClinicDatabase.Reason(ex));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary><c>/healthz</c> for the shared database: Unhealthy when it does not answer within a few seconds or its schema cannot be brought up to date.</summary>
internal sealed class ClinicDatabaseHealthCheck(IOptions<DataOptions> options, IServiceProvider services) : IHealthCheck
{
    /// <summary>Below a proxy's usual health-check timeout, so the answer is ours, not the proxy's.</summary>
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.Value.Provider != DataProvider.Postgres)
        {
            return HealthCheckResult.Healthy("Data:Provider is Sqlite: the stores are files in the data folder, with their own checks.");
        }

        var database = services.GetRequiredService<ClinicDatabase>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AnswerWithin);
        try
        {
            await database.CheckAsync(timeout.Token);
            // The outbox backlog as data: emails waiting to go (shared by every instance) and those given up on.
            var counts = services.GetRequiredService<EnquiryStore>().CountByStatus();
            return HealthCheckResult.Healthy($"The shared database {database.Where} answers.", new Dictionary<string, object>
            {
                ["outboxPending"] = counts[OutboxStatus.Pending],
                ["outboxFailed"] = counts[OutboxStatus.Failed],
            });
        }
        catch (Exception ex) when (ex is NpgsqlException or StoreFileException or TimeoutException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return HealthCheckResult.Unhealthy($"The shared database {database.Where} ({ClinicDatabase.ConnectionStringKey}) cannot be used: {ClinicDatabase.Reason(ex)}");
        }
    }
}
