#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Mirrors the key xunit acceptance of tests/VirtDiag.Tests/Guest for machines with pwsh.

BeforeDiscovery {
    $fixtures = Join-Path $PSScriptRoot '../../../shared/fixtures/guest'
    $haveFixtures = Test-Path $fixtures
    # file, kind, code or reason, process, pid, function, module — read off each sample's text
    $cases = @(
        @{ Name = 'windows-2000-stop-0x50-pagefault-nonpaged-datestamp-kbQ270047.txt'; Kind = 'BugCheck'; Code = 0x50; Module = 'nm2200dp.dll' }
        @{ Name = 'windows-nt35-stop-0x1e-kmode-exception-address-base-i8042prt-kbQ126690.txt'; Kind = 'BugCheck'; Code = 0x1E; Module = 'i8042prt.SYS' }
        @{ Name = 'windows-event1001-bugcheck-0x3b-server2016-meshcentral229.txt'; Kind = 'BugCheck'; Code = 0x3B; Module = $null }
        @{ Name = 'windows-kd-bugcheck-code-00000050-procmon-sysinternals113.txt'; Kind = 'BugCheck'; Code = 0x50; Module = 'PROCMON23' }
        @{ Name = 'linux-abrt-oops-32bit-graphics-null-deref-i686.txt'; Kind = 'Oops'; Process = 'plymouthd'; ProcessId = 222; Function = 'radeon_audio_detect'; Module = 'radeon' }
        @{ Name = 'linux-satyr-rhbz-1235021-nmi-watchdog-soft-lockup.txt'; Kind = 'SoftLockup'; Process = 'pulseaudio'; ProcessId = 1580; Function = 'smp_call_function_many'; Module = $null }
        @{ Name = 'linux-abrt-kernel_panic_oom-panic-out-of-memory.txt'; Kind = 'KernelPanic'; Process = 'webservice'; ProcessId = 35943; Function = 'out_of_memory'; Module = $null }
        @{ Name = 'linux-vmware-guest-hung-task-fanotify-syslog-hotsos594.txt'; Kind = 'HungTask'; Process = 'C2 CompilerThre'; ProcessId = 1582; Function = 'schedule'; Module = $null }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VirtDiag/VirtDiag.psd1') -Force
    $fixtures = Join-Path $PSScriptRoot '../../../shared/fixtures/guest'
}

Describe 'Get-GuestOsFailure' {
    It 'reads <Name>' -ForEach $cases -Skip:(-not $haveFixtures) {
        $f = @(Get-GuestOsFailure -LiteralPath (Join-Path $fixtures $Name) -Year 2024)[0]
        $f | Should -BeOfType ([VirtDiag.GuestOsFailure])
        $f.Kind | Should -Be $Kind
        if ($Kind -eq 'BugCheck') { $f.Code | Should -Be $Code }
        else { $f.Process | Should -Be $Process; $f.Pid | Should -Be $ProcessId; $f.Function | Should -Be $Function }
        $f.Module | Should -Be $Module
    }

    It 'names the KB STOP line from piped text' {
        $f = 'STOP: 0x00000050 (0xFFFFFFF8,0x00000000,0xF9CF5C88,0x00000000)' | Get-GuestOsFailure
        $f.Code | Should -Be 0x50
        $f.Name | Should -Be 'PAGE_FAULT_IN_NONPAGED_AREA'
        $f.Parameters | Should -Be @('0xFFFFFFF8', '0x00000000', '0xF9CF5C88', '0x00000000')
    }

    It 'reads a WinBSOD group in vmware.log as one host-side bug check 0x80' -Skip:(-not $haveFixtures) {
        $r = @(Get-GuestOsFailure -LiteralPath (Join-Path $fixtures 'windows-guest-bsod-seen-by-esxi-vmware-log-winbsod-synthetic-msr-kb427504.txt'))
        $r[0].Code | Should -Be 0x80
        $r[0].Name | Should -Be 'NMI_HARDWARE_FAILURE'
        $r[0].Source | Should -Be 'VmwareLog'
        $r[1].Kind | Should -Be 'HostDetectedCrash'
    }

    It 'filters on Code with the hex literal an admin types (0xC000021A is an Int32 in PowerShell)' {
        $f = @(
            'STOP: 0xC000021A (0xE1A3B2C0, 0xC0000005, 0x00000000, 0x00000000)' | Get-GuestOsFailure
            'STOP: 0x00000050 (0xFFFFFFF8,0x00000000,0xF9CF5C88,0x00000000)' | Get-GuestOsFailure
        )
        $f | Should -HaveCount 2
        ($f | Where-Object Code -eq 0xC000021A).Name | Should -Be 'WINLOGON_FATAL_ERROR'
        ($f | Where-Object Code -in 0x50, 0xD1).Name | Should -Be 'PAGE_FAULT_IN_NONPAGED_AREA'
    }

    It 'places a guest clock 37 s ahead on the host clock' {
        $f = 'Mar  5 10:16:19 web01 kernel: [ 8811.123456] Kernel panic - not syncing: Fatal exception' |
            Get-GuestOsFailure -Year 2024 -TimeOffset '00:00:37'
        $f.Timestamp | Should -Be ([DateTimeOffset]'2024-03-05T10:16:19Z')
        $f.HostTimestamp | Should -Be ([DateTimeOffset]'2024-03-05T10:15:42Z')
    }

    It 'finds nothing in prose that only mentions a panic' {
        @('We saw a Kernel panic - not syncing on the console yesterday.', 'Oops: efitime: can''t read time!') |
            Get-GuestOsFailure | Should -BeNullOrEmpty
    }

    It 'keeps three faults of one log apart and filters by kind' -Skip:(-not $haveFixtures) {
        $path = Join-Path $fixtures 'linux-abrt-oops3-syslog-messages-with-oops.txt'
        @(Get-GuestOsFailure -LiteralPath $path -Year 2009).Count | Should -Be 3
        @(Get-GuestOsFailure -LiteralPath $path -Year 2009 -Kind Oops).Count | Should -Be 0
    }

    It 'reports a missing file by id' {
        Get-GuestOsFailure -LiteralPath (Join-Path $TestDrive 'missing.log') -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -BeGreaterThan 0
    }
}
