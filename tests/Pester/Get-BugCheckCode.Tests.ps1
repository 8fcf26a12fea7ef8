#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Mirrors tests/VirtDiag.Tests/Guest/BugCheckCodeTests.cs for machines with pwsh.

BeforeDiscovery {
    $cases = @(
        @{ Query = '0x50'; Code = 0x50; Name = 'PAGE_FAULT_IN_NONPAGED_AREA' }
        @{ Query = '0x00000050'; Code = 0x50; Name = 'PAGE_FAULT_IN_NONPAGED_AREA' }
        @{ Query = '80'; Code = 0x80; Name = 'NMI_HARDWARE_FAILURE' }
        @{ Query = 'c000021a'; Code = [uint32]3221226010; Name = 'WINLOGON_FATAL_ERROR' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VirtDiag/VirtDiag.psd1') -Force
}

Describe 'Get-BugCheckCode' {
    It 'looks up <Query>' -ForEach $cases {
        $c = Get-BugCheckCode -Code $Query
        $c | Should -BeOfType ([VirtDiag.BugCheckCode])
        $c.Code | Should -Be $Code
        $c.Name | Should -Be $Name
    }

    It 'matches name patterns' {
        (Get-BugCheckCode '*IRQL*').Name | Should -Contain 'IRQL_NOT_LESS_OR_EQUAL'
        (Get-BugCheckCode 'irql').Name | Should -Contain 'DRIVER_IRQL_NOT_LESS_OR_EQUAL'
    }

    It 'lists the whole table without a code' {
        @(Get-BugCheckCode).Count | Should -Be 425
    }

    It 'filters on Code with hex literals as admins type them (0xC000021A is an Int32 in PowerShell)' {
        (Get-BugCheckCode | Where-Object Code -eq 0xC000021A).Name | Should -Be 'WINLOGON_FATAL_ERROR'
        (Get-BugCheckCode | Where-Object Code -eq 0xC000021Au).Name | Should -Be 'WINLOGON_FATAL_ERROR'
        (Get-BugCheckCode | Where-Object Code -eq 3221226010).Name | Should -Be 'WINLOGON_FATAL_ERROR'
        (Get-BugCheckCode | Where-Object Code -eq '0xC000021A').Name | Should -Be 'WINLOGON_FATAL_ERROR'
        (Get-BugCheckCode | Where-Object Code -eq 0x50).Name | Should -Be 'PAGE_FAULT_IN_NONPAGED_AREA'
        (Get-BugCheckCode | Where-Object Code -in 0xD1, 0xC000021A, '0x0000007E').Name |
            Should -Be @('SYSTEM_THREAD_EXCEPTION_NOT_HANDLED', 'DRIVER_IRQL_NOT_LESS_OR_EQUAL', 'WINLOGON_FATAL_ERROR')
        $range = @(Get-BugCheckCode | Where-Object { $_.Code -ge 0x100 -and $_.Code -lt 0x110 })
        $range | Should -HaveCount 14   # 0x100-0x10F less the two numbers the table does not define
        $range.Code.Value | ForEach-Object { $_ | Should -BeGreaterOrEqual 256; $_ | Should -BeLessThan 272 }
    }

    It 'sorts by Code numerically and prints it as Windows does' {
        $c = Get-BugCheckCode 0xC000021A
        "$($c.Code)" | Should -Be '0xC000021A'
        $c.Code.Value | Should -Be ([uint64]3221226010)
        (Get-BugCheckCode | Sort-Object Code | Select-Object -First 1).Name | Should -Be 'APC_INDEX_MISMATCH'
    }

    It 'gives the code as a number in JSON and as hex in CSV' {
        (Get-BugCheckCode 0x50 | ConvertTo-Json | ConvertFrom-Json).Code | Should -Be 80
        $row = Get-BugCheckCode 0xC000021A | ConvertTo-Csv | ConvertFrom-Csv
        $row.Code | Should -Be '0xC000021A'
        $row.Name | Should -Be 'WINLOGON_FATAL_ERROR'
    }

    It 'writes BugCheckCodeNotFound for an unknown code' {
        Get-BugCheckCode 0x12345678 -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'BugCheckCodeNotFound,VirtDiag.PowerShell.Commands.GetBugCheckCodeCommand'
    }
}
