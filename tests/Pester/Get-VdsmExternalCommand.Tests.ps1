# Pester 5. Mirrors tests/VirtDiag.Tests/Vdsm (VdsmFixtureTests.MainLog_ExternalCommands, VdsmOldFormatTests).
BeforeDiscovery {
    $script:fixtures = Join-Path $PSScriptRoot '../../../shared/fixtures/vdsm'
    $script:haveFixtures = Test-Path (Join-Path $script:fixtures 'mz-pdm_ovirt-log-analyzer_vdsm-1.log')
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VirtDiag/VirtDiag.psd1') -Force
    $script:log = Join-Path $PSScriptRoot '../../../shared/fixtures/vdsm/mz-pdm_ovirt-log-analyzer_vdsm-1.log'
}

Describe 'Get-VdsmExternalCommand' {
    It 'joins every command with its result' -Skip:(-not $haveFixtures) {
        $c = Get-VdsmExternalCommand -Path $log
        $c.Count | Should -Be 548                                   # grep -c '(cwd ' $F
        ($c | Where-Object Succeeded).Count | Should -Be 536        # grep -c 'SUCCESS: <err>' $F
        (Get-VdsmExternalCommand -Path $log -Failed).Count | Should -Be 12  # grep -c 'FAILED: <err>' $F
    }

    It 'names the program behind taskset and sudo, with rc and stderr' -Skip:(-not $haveFixtures) {
        $f = Get-VdsmExternalCommand -Path $log -Failed | Select-Object -First 1
        $f.Executable | Should -Be '/sbin/lvm'
        $f.ExitCode | Should -Be 5
        $f.StdErr | Should -Be "  Volume group `"ed2199d0-0125-480e-85f0-04e9a3548abe`" not found`n  Cannot process volume group ed2199d0-0125-480e-85f0-04e9a3548abe`n"
    }

    It 'reads the wiki tune2fs failure' {
        $lines = @(
            "21a24db4-d553-437b-844b-30414bcc8f97::DEBUG::2011-06-23 13:11:12,196::blockSD::757::Storage.Misc.excCmd::(mountMaster) '/usr/bin/sudo -n /sbin/tune2fs -j /dev/52493f96-d716-409f-b696-8cb8d5b43527/master' (cwd None)"
            "21a24db4-d553-437b-844b-30414bcc8f97::DEBUG::2011-06-23 13:11:12,213::blockSD::757::Storage.Misc.excCmd::(mountMaster) FAILED: <err> = 'The filesystem already has a journal.\n';<rc> = 1"
        )
        $c = $lines | Get-VdsmExternalCommand
        $c.Executable | Should -Be '/sbin/tune2fs'
        $c.Succeeded | Should -BeFalse
        $c.ExitCode | Should -Be 1
        $c.StdErr | Should -Be "The filesystem already has a journal.`n"
        $c.TaskId | Should -Be '21a24db4-d553-437b-844b-30414bcc8f97'
    }
}
