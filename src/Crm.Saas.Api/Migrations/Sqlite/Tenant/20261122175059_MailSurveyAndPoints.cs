using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Saas.Api.Migrations.Sqlite.Tenant
{
    /// <inheritdoc />
    public partial class MailSurveyAndPoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "expires_at",
                table: "mails",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "expiring_points",
                table: "mails",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "link",
                table: "mails",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "expires_at",
                table: "mails");

            migrationBuilder.DropColumn(
                name: "expiring_points",
                table: "mails");

            migrationBuilder.DropColumn(
                name: "link",
                table: "mails");
        }
    }
}
