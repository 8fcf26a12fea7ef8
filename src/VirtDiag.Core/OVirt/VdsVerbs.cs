using System;
using System.Collections.Generic;

namespace VirtDiag.OVirt
{
    /// <summary>The vdsm verbs an ovirt-engine VDS command calls, by the command's class name (<c>MigrateBrokerVDSCommand</c> → <c>VM.migrate</c>).</summary>
    /// <remarks>
    /// Read from the source, not guessed from the names (most differ: <c>ActivateStorageDomainVDSCommand</c> calls
    /// <c>StorageDomain.activate</c>, <c>ResumeBrokerVDSCommand</c> <c>VM.cont</c>). Checked against ovirt-engine
    /// 4.5.7-57-g0111fc63 (2026-08-19): each <c>*VDSCommand</c> class's <c>getBroker()</c>/<c>getIrsProxy()</c> call
    /// and the JSON-RPC method <c>JsonRpcVdsServer</c>/<c>JsonRpcIIrsServer</c> sends for it; wrappers that always run
    /// one other VDS command (<c>CreateVDSCommand</c> → <c>CreateBrokerVDSCommand</c>, <c>SPMClearTaskVDSCommand</c> →
    /// <c>HSMClearTaskVDSCommand</c>) and subclasses take its verbs. Commands removed since 3.6 (<c>FullListVDSCommand</c>
    /// in 4.4, <c>CreateImageVDSCommand</c> in 4.4.2, …) are kept with the verbs of the last version that had them.
    /// The unqualified names are what vdsm's own log lines call the same call: the API method (<c>[api.virt] START
    /// migrate</c>) and, for storage verbs, the storage method <c>lib/vdsm/API.py</c> hands it to (<c>Volume.create</c> →
    /// <c>createVolume</c>, logged by <c>vdsm.api</c> and the dispatcher's <c>Run and protect</c>), checked against vdsm
    /// v4.50.7-31-gfd4b0df2 (2026-06-25).
    /// </remarks>
    internal static class VdsVerbs
    {
        // Class name without "VDSCommand", then every name vdsm may log the call by: JSON-RPC verb(s) first.
        private static readonly string[] s_table =
        {
            "ActivateGlusterVolumeSnapshot GlusterSnapshot.activate activate",
            "ActivateStorageDomain StorageDomain.activate activateStorageDomain",
            "AddBricksToGlusterVolume GlusterVolume.addBrick addBrick",
            "AddExternalLease Lease.create create_lease",
            "AddGlusterHook GlusterHook.add add",
            "AddGlusterServer GlusterHost.add add",
            "AddGlusterWebhook GlusterEvent.webhookAdd webhookAdd",
            "AddImageTicket Host.add_image_ticket add_image_ticket",
            "AddNetwork Host.addNetwork addNetwork",
            "AddVmLease Lease.create create_lease",
            "AddVolumeBitmap SDM.add_bitmap sdm_add_bitmap",
            "AmendVolume SDM.amend_volume sdm_amend_volume",
            "AttachManagedBlockStorageVolume ManagedVolume.attach_volume attach_volume",
            "AttachStorageDomain StorageDomain.attach attachStorageDomain",
            "CancelConvertVm Host.abortV2VJob abortV2VJob",
            "CancelMigrate VM.migrateCancel migrateCancel",
            "ChangeDisk VM.changeCD changeCD",
            "ChangeFloppy VM.changeFloppy changeFloppy",
            "CheckEmptyGlusterVolume GlusterVolume.volumeEmptyCheck volumeEmptyCheck",
            "CleanStorageDomainMetaData StorageDomain.detach forcedDetachStorageDomain detachStorageDomain",
            "ClearVolumeBitmaps SDM.clear_bitmaps sdm_clear_bitmaps",
            "CloneImageGroupStructure Image.cloneStructure cloneImageStructure",
            "ColdMerge SDM.merge sdm_merge",
            "CollectVdsNetworkData Host.getCapabilities getCapabilities",
            "CollectVdsNetworkDataAfterInstallation Host.getCapabilities getCapabilities",
            "CommitRemoveGlusterVolumeBricks GlusterVolume.removeBrickCommit removeBrickCommit",
            "ConnectStoragePool StoragePool.connect connectStoragePool",
            "ConnectStorageServer StoragePool.connectStorageServer connectStorageServer",
            "ConvertOva Host.convertExternalVmFromOva convertExternalVmFromOva",
            "ConvertVm Host.convertExternalVm convertExternalVm",
            "CopyImage Volume.copy copyImage",
            "CopyVolumeData SDM.copy_data sdm_copy_data",
            "Create VM.create create",
            "CreateBrick GlusterHost.createBrick createBrick",
            "CreateBroker VM.create create",
            "CreateGlusterVolume GlusterVolume.create create",
            "CreateGlusterVolumeGeoRepSession GlusterVolume.geoRepSessionCreate geoRepSessionCreate",
            "CreateGlusterVolumeSnapshot GlusterVolume.snapshotCreate snapshotCreate",
            "CreateImage Volume.create createVolume",
            "CreateStorageDomain StorageDomain.create createStorageDomain",
            "CreateStoragePool StoragePool.create createStoragePool",
            "CreateVG LVMVolumeGroup.create createVG",
            "CreateVolume Volume.create createVolume",
            "CreateVolumeContainer SDM.create_volume create_volume",
            "DeactivateGlusterVolumeSnapshot GlusterSnapshot.deactivate deactivate",
            "DeactivateStorageDomain StorageDomain.deactivate deactivateStorageDomain",
            "DeleteAllGlusterVolumeSnapshots GlusterVolume.snapshotDeleteAll snapshotDeleteAll",
            "DeleteGlusterVolume GlusterVolume.delete delete",
            "DeleteGlusterVolumeGeoRepSession GlusterVolume.geoRepSessionDelete geoRepSessionDelete",
            "DeleteGlusterVolumeSnapshot GlusterSnapshot.delete delete",
            "DeleteGlusterWebhook GlusterEvent.webhookDelete webhookDelete",
            "DeleteImageGroup Image.delete deleteImage",
            "DeleteV2VJob Host.deleteV2VJob deleteV2VJob",
            "DeleteVmCheckpoints VM.delete_checkpoints delete_checkpoints",
            "Destroy VM.destroy destroy VM.shutdown shutdown",
            "DestroyImage Image.deleteVolumes deleteVolume",
            "DestroyStoragePool StoragePool.destroy destroyStoragePool",
            "DestroyVm VM.destroy destroy VM.shutdown shutdown",
            "DetachManagedBlockStorageVolume ManagedVolume.detach_volume detach_volume",
            "DetachStorageDomain StorageDomain.detach forcedDetachStorageDomain detachStorageDomain",
            "DisableGlusterHook GlusterHook.disable disable",
            "DisconnectStoragePool StoragePool.disconnect disconnectStoragePool",
            "DisconnectStorageServer StoragePool.disconnectStorageServer disconnectStorageServer",
            "DiscoverSendTargets ISCSIConnection.discoverSendTargets discoverSendTargets",
            "DoesImageExist Volume.getInfo getVolumeInfo",
            "DownloadImage Image.download downloadImage",
            "DumpXmls Host.dumpxmls dumpxmls",
            "EditNetwork Host.editNetwork editNetwork",
            "EnableGlusterHook GlusterHook.enable enable",
            "ExtendImageSize Volume.extendSize extendVolumeSize",
            "ExtendImageTicket Host.extend_image_ticket extend_image_ticket",
            "ExtendStorageDomain StorageDomain.extend extendStorageDomain",
            "ExtendVmDiskSize VM.diskSizeExtend diskSizeExtend",
            "FenceLeaseJob Lease.fence fence_lease",
            "FenceVds Host.fenceNode getHostLeaseStatus",
            "FinalizeMerge StoragePool.finalizeMerge finalizeMerge",
            "FormatStorageDomain StorageDomain.format formatStorageDomain",
            "Freeze VM.freeze freeze",
            "FullList Host.getVMFullList getVMList",
            "GetAllVmStats Host.getAllVmStats getAllVmStats",
            "GetCapabilities Host.getCapabilities getCapabilities",
            "GetCapabilitiesAsync Host.getCapabilities getCapabilities",
            "GetConvertedOvf Host.getConvertedVm getConvertedVm",
            "GetDeviceList Host.getDeviceList getDeviceList",
            "GetDevicesVisibility Host.getDevicesVisibility getDevicesVisibility",
            "GetDiskAlignment VM.getDiskAlignment getDiskAlignment",
            "GetFileStats StorageDomain.getFileStats getFileStats",
            "GetFloppyList StoragePool.getFloppyList getFloppyList",
            "GetGlusterHookContent GlusterHook.read read",
            "GetGlusterHostUUID GlusterHost.uuid uuid",
            "GetGlusterHostsPubKey GlusterVolume.geoRepKeysGet geoRepKeysGet",
            "GetGlusterLocalLogicalVolumeList GlusterHost.logicalVolumeList logicalVolumeList",
            "GetGlusterLocalPhysicalVolumeList GlusterHost.physicalVolumeList physicalVolumeList",
            "GetGlusterVDOVolumeList GlusterHost.vdoVolumeList vdoVolumeList",
            "GetGlusterVolumeAdvancedDetails GlusterVolume.status status",
            "GetGlusterVolumeGeoRepConfigList GlusterVolume.geoRepConfigList geoRepConfigList",
            "GetGlusterVolumeGeoRepSessionList GlusterVolume.geoRepSessionList geoRepSessionList",
            "GetGlusterVolumeGeoRepSessionStatus GlusterVolume.geoRepSessionStatus geoRepSessionStatus",
            "GetGlusterVolumeHealInfo GlusterVolume.healInfo healInfo",
            "GetGlusterVolumeInfo GlusterVolume.list list",
            "GetGlusterVolumeOptionsInfo GlusterVolume.setOptionsList setOptionsList",
            "GetGlusterVolumeProfileInfo GlusterVolume.profileInfo profileInfo",
            "GetGlusterVolumeRebalanceStatus GlusterVolume.rebalanceStatus rebalanceStatus",
            "GetGlusterVolumeRemoveBricksStatus GlusterVolume.removeBrickStatus removeBrickStatus",
            "GetGlusterVolumeSnapshotConfigInfo GlusterSnapshot.configList configList",
            "GetGlusterVolumeSnapshotInfo GlusterVolume.snapshotList snapshotList",
            "GetHardwareInfo Host.getHardwareInfo getHardwareInfo",
            "GetHardwareInfoAsync Host.getHardwareInfo getHardwareInfo",
            "GetHostJobs Host.getJobs getJobs",
            "GetImageInfo Volume.getInfo getVolumeInfo",
            "GetImageTicket Host.get_image_ticket get_image_ticket",
            "GetImageTransferSessionStats Host.get_image_transfer_session_stats get_image_transfer_session_stats",
            "GetImagesList StorageDomain.getImages getImagesList",
            "GetLeaseStatus Lease.status lease_status",
            "GetLldp Host.getLldp getLldp",
            "GetOvaInfo Host.getExternalVmFromOva getExternalVmFromOva",
            "GetQemuImageInfo Volume.getQemuImageInfo getQemuImageInfo",
            "GetStats Host.getStats getStats",
            "GetStatsAsync Host.getStats getStats",
            "GetStorageDeviceList GlusterHost.storageDevicesList storageDevicesList",
            "GetStorageDomainStats StorageDomain.getStats getStorageDomainStats",
            "GetStoragePoolInfo StoragePool.getInfo getStoragePoolInfo",
            "GetVGInfo LVMVolumeGroup.getInfo getVGInfo",
            "GetVmBackupInfo VM.backup_info backup_info",
            "GetVmCheckpointXML VM.dump_checkpoint dump_checkpoint",
            "GetVmExternalData VM.getExternalData getExternalData",
            "GetVmLeaseInfo Lease.info lease_info",
            "GetVmStats VM.getStats getStats",
            "GetVmsFullInfoFromExternalProvider Host.getExternalVMs getExternalVMs",
            "GetVmsInfo StoragePool.getBackedUpVmsInfo getVmsInfo",
            "GetVmsNamesFromExternalProvider Host.getExternalVMNames getExternalVMNames",
            "GetVolumeInfo Volume.getInfo getVolumeInfo",
            "GetVolumesList StorageDomain.getVolumes getVolumesList",
            "GlusterHooksList GlusterHook.list list",
            "GlusterServersList GlusterHost.list list",
            "GlusterServicesList GlusterService.get get",
            "GlusterTasksList GlusterTask.list list",
            "GlusterVolumesList GlusterVolume.list list",
            "HSMClearTask Task.clear clearTask",
            "HSMGetAllTasksInfo Host.getAllTasksInfo getAllTasksInfo",
            "HSMGetAllTasksStatuses Host.getAllTasksStatuses getAllTasksStatuses",
            "HSMGetStorageDomainInfo StorageDomain.getInfo getStorageDomainInfo",
            "HSMGetStorageDomainsList Host.getStorageDomains getStorageDomainsList",
            "HSMGetTaskStatus Task.getStatus getTaskStatus",
            "HSMRevertTask Task.revert revertTask",
            "HSMStopTask Task.stop stopTask",
            "Hibernate VM.hibernate hibernate",
            "HibernateBroker VM.hibernate hibernate",
            "HostDevChangeNumVfs Host.hostdevChangeNumvfs hostdevChangeNumvfs",
            "HostDevListByCaps Host.hostdevListByCaps hostdevListByCaps",
            "HostSetupNetworks Host.setupNetworks setupNetworks",
            "HotPlugDisk VM.hotplugDisk hotplugDisk",
            "HotPlugLease VM.hotplugLease hotplugLease",
            "HotPlugNic VM.hotplugNic hotplugNic",
            "HotUnPlugDisk VM.hotunplugDisk hotunplugDisk",
            "HotUnplugLease VM.hotunplugLease hotunplugLease",
            "HotUnplugMemory VM.hotunplugMemory hotunplugMemory",
            "HotUnplugNic VM.hotunplugNic hotunplugNic",
            "HsmGetIsoList StoragePool.getIsoList getIsoList",
            "IsoPrefix StoragePool.getInfo getStoragePoolInfo",
            "IsolateVolume SDM.isolateVolume isolateVolume",
            "List Host.getVMList getVMList",
            "ListVmCheckpoints VM.list_checkpoints list_checkpoints",
            "ManageGlusterService GlusterService.action action",
            "MeasureVolume Volume.measure measure",
            "Merge VM.merge merge",
            "MergeSnapshots Image.mergeSnapshots mergeSnapshots",
            "Migrate VM.migrate migrate",
            "MigrateBroker VM.migrate migrate",
            "MigrateStatus VM.getMigrationStatus getMigrationStatus",
            "MoveImageGroup Image.move moveImage",
            "MoveStorageDomainDevice SDM.move_domain_device sdm_move_domain_device",
            "OverrideGlusterVolumeSnapshotSchedule GlusterVolume.snapshotScheduleOverride snapshotScheduleOverride",
            "Pause VM.pause pause",
            "PauseGlusterVolumeGeoRepSession GlusterVolume.geoRepSessionPause geoRepSessionPause",
            "Poll Host.confirmConnectivity confirmConnectivity Host.ping ping Host.ping2 ping2",
            "PrepareImage Image.prepare prepareImage",
            "PrepareMerge StoragePool.prepareMerge prepareMerge",
            "RebootVm VM.shutdown shutdown",
            "RebootVmBroker VM.shutdown shutdown",
            "ReconcileVolumeChain Image.reconcileVolumeChain reconcileVolumeChain",
            "ReconstructMaster StoragePool.reconstructMaster reconstructMaster",
            "RedefineVmCheckpoints VM.redefine_checkpoints redefine_checkpoints",
            "ReduceImage StoragePool.reduceVolume reduceVolume",
            "ReduceStorageDomain SDM.reduce_domain sdm_reduce_domain",
            "RefreshVolume Volume.refresh refreshVolume",
            "RegisterLibvirtSecrets Host.registerSecrets registerSecrets",
            "RemoveExternalLease Lease.delete delete_lease",
            "RemoveGlusterHook GlusterHook.remove remove",
            "RemoveGlusterServer GlusterHost.remove remove",
            "RemoveImageTicket Host.remove_image_ticket remove_image_ticket",
            "RemoveNetwork Host.delNetwork delNetwork",
            "RemoveVM StoragePool.removeVM removeVM",
            "RemoveVmLease Lease.delete delete_lease",
            "RemoveVolumeBitmap SDM.remove_bitmap sdm_remove_bitmap",
            "ReplaceGlusterVolumeBrick GlusterVolume.replaceBrickCommitForce replaceBrickCommitForce",
            "ResetGlusterVolumeBrick GlusterVolume.resetBrickCommitForce resetBrickCommitForce GlusterVolume.resetBrickStart resetBrickStart",
            "ResetGlusterVolumeOptions GlusterVolume.reset reset",
            "ResetVm VM.reset reset",
            "ResetVmBroker VM.reset reset",
            "ResizeStorageDomainPV StorageDomain.resizePV resizePV",
            "RestoreGlusterVolumeSnapshot GlusterSnapshot.restore restore",
            "Resume VM.cont cont",
            "ResumeBroker VM.cont cont",
            "ResumeGeoRepSession GlusterVolume.geoRepSessionResume geoRepSessionResume",
            "SPMClearTask Task.clear clearTask",
            "SPMGetAllTasksInfo Host.getAllTasksInfo getAllTasksInfo",
            "SPMGetAllTasksStatuses Host.getAllTasksStatuses getAllTasksStatuses",
            "SPMGetVolumeInfo Volume.getInfo getVolumeInfo",
            "SPMRevertTask Task.revert revertTask",
            "SPMStopTask Task.stop stopTask",
            "ScreenshotVm VM.screenshot screenshot",
            "SealDisks VM.seal seal",
            "SetAmountOfMemory VM.hotplugMemory hotplugMemory",
            "SetDestroyOnReboot VM.setDestroyOnReboot setDestroyOnReboot",
            "SetGlusterVolumeGeoRepConfig GlusterVolume.geoRepConfigSet geoRepConfigSet",
            "SetGlusterVolumeGeoRepConfigDefault GlusterVolume.geoRepConfigReset geoRepConfigReset",
            "SetGlusterVolumeOption GlusterVolume.globalVolumeOptions globalVolumeOptions GlusterVolume.set set",
            "SetGlusterVolumeSnapshotConfig GlusterSnapshot.configSet configSet GlusterVolume.snapshotConfigSet snapshotConfigSet",
            "SetHaMaintenanceMode Host.setHaMaintenanceMode setHaMaintenanceMode",
            "SetMOMPolicyParameters Host.setMOMPolicyParameters setMOMPolicyParameters",
            "SetNumberOfCpus VM.setNumberOfCpus setNumberOfCpus",
            "SetSafeNetworkConfig Host.setSafeNetworkConfig setSafeNetworkConfig",
            "SetStorageDomainDescription StorageDomain.setDescription setStorageDomainDescription",
            "SetVmTicket VM.updateDevice updateDevice",
            "SetVolumeDescription Volume.setDescription setVolumeDescription",
            "SetVolumeLegality Volume.setLegality setVolumeLegality",
            "SetupGlusterGeoRepMountBroker GlusterVolume.geoRepMountBrokerSetup geoRepMountBrokerSetup",
            "SetupNetworks Host.setupNetworks setupNetworks",
            "Snapshot VM.snapshot snapshot",
            "SparsifyImage SDM.sparsify_volume sdm_sparsify_volume",
            "SpmStart StoragePool.spmStart spmStart",
            "SpmStatus StoragePool.getSpmStatus getSpmStatus",
            "SpmStop StoragePool.spmStop spmStop",
            "StartGlusterVolume GlusterVolume.start start",
            "StartGlusterVolumeGeoRep GlusterVolume.geoRepSessionStart geoRepSessionStart",
            "StartGlusterVolumeProfile GlusterVolume.profileStart profileStart",
            "StartNbdServer NBD.start_server start_nbd_server",
            "StartRebalanceGlusterVolume GlusterVolume.rebalanceStart rebalanceStart",
            "StartRemoveGlusterVolumeBricks GlusterVolume.removeBrickForce removeBrickForce GlusterVolume.removeBrickStart removeBrickStart",
            "StartVmBackup VM.start_backup start_backup",
            "StopGlusterProcesses GlusterHost.processesStop processesStop",
            "StopGlusterVolume GlusterVolume.stop stop",
            "StopGlusterVolumeGeoRepSession GlusterVolume.geoRepSessionStop geoRepSessionStop",
            "StopGlusterVolumeProfile GlusterVolume.profileStop profileStop",
            "StopNbdServer NBD.stop_server stop_nbd_server",
            "StopRebalanceGlusterVolume GlusterVolume.rebalanceStop rebalanceStop",
            "StopRemoveGlusterVolumeBricks GlusterVolume.removeBrickStop removeBrickStop",
            "StopVmBackup VM.stop_backup stop_backup",
            "SwitchMasterStorageDomain StoragePool.switchMaster switchMaster",
            "SyncGlusterWebhook GlusterEvent.webhookSync webhookSync",
            "SyncImageGroupData Image.syncData syncImageData",
            "TeardownImage Image.teardown teardownImage",
            "Thaw VM.thaw thaw",
            "TimeBoundPoll Host.ping ping",
            "UnregisterLibvirtSecrets Host.unregisterSecrets unregisterSecrets",
            "UpdateGlusterGeoRepKeys GlusterVolume.geoRepKeysUpdate geoRepKeysUpdate",
            "UpdateGlusterHook GlusterHook.update update",
            "UpdateVM StoragePool.updateVMs updateVM",
            "UpdateVmInterface VM.updateDevice updateDevice",
            "UpdateVmPolicy VM.updateVmPolicy updateVmPolicy",
            "UpdateVolume SDM.update_volume sdm_update_volume",
            "UpgradeStoragePool StoragePool.upgrade upgradeStoragePool",
            "UploadImage Image.upload uploadImage",
            "VerifyUntrustedVolume Volume.verify_untrusted verify_untrusted_volume",
            "VmLogoff VM.desktopLogoff desktopLogoff",
            "VmLogon VM.desktopLogin desktopLogin",
            "VmMonitorCommand VM.monitorCommand monitorCommand",
            "VmReplicateDiskFinish VM.diskReplicateFinish diskReplicateFinish",
            "VmReplicateDiskStart VM.diskReplicateStart diskReplicateStart",
            "WipeVolume SDM.wipeVolume wipeVolume",
        };

        private static readonly Dictionary<string, string[]> s_byCommand = Build();

        private static Dictionary<string, string[]> Build()
        {
            var d = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (string row in s_table)
            {
                string[] parts = row.Split(' ');
                var names = new string[parts.Length - 1];
                Array.Copy(parts, 1, names, 0, names.Length);
                d.Add(parts[0], names);
            }
            return d;
        }

        /// <summary>True when <paramref name="engineCommand"/> is a VDS command of the table (its verbs are known, not guessed).</summary>
        public static bool IsKnown(string engineCommand) => s_byCommand.ContainsKey(BaseName(engineCommand));

        /// <summary>
        /// The names vdsm logs the call of <paramref name="engineCommand"/> by, JSON-RPC verb first; for a command not
        /// in the table, the guess from its name (<c>HSMFooBarVDSCommand</c> → <c>fooBar</c>).
        /// </summary>
        public static IReadOnlyList<string> Of(string engineCommand)
        {
            string n = BaseName(engineCommand);
            if (s_byCommand.TryGetValue(n, out string[]? names)) return names;
            if (n.EndsWith("Broker", StringComparison.Ordinal)) n = n.Substring(0, n.Length - "Broker".Length);
            foreach (string prefix in new[] { "HSM", "SPM", "Irs" })
            {
                if (n.Length > prefix.Length + 1 && n.StartsWith(prefix, StringComparison.Ordinal) && char.IsUpper(n[prefix.Length])) { n = n.Substring(prefix.Length); break; }
            }
            return n.Length == 0 ? Array.Empty<string>() : new[] { char.ToLowerInvariant(n[0]) + n.Substring(1) };
        }

        /// <summary>
        /// As <see cref="Of(string)"/>, narrowed by the command's logged parameters where the broker's choice depends on
        /// them: <c>DestroyVDSCommand</c> sends <c>VM.shutdown</c> when <c>gracefully='true'</c>, else <c>VM.destroy</c>.
        /// </summary>
        public static IReadOnlyList<string> Of(string engineCommand, string? arguments)
        {
            string n = BaseName(engineCommand);
            if ((n == "Destroy" || n == "DestroyVm") && arguments != null)
            {
                if (arguments.IndexOf("gracefully='true'", StringComparison.Ordinal) >= 0) return s_shutdown;
                if (arguments.IndexOf("gracefully='false'", StringComparison.Ordinal) >= 0) return s_destroy;
            }
            return Of(engineCommand);
        }

        private static readonly string[] s_shutdown = { "VM.shutdown", "shutdown" };
        private static readonly string[] s_destroy = { "VM.destroy", "destroy" };

        private static string BaseName(string? command)
        {
            string n = command ?? string.Empty;
            if (n.EndsWith("VDSCommand", StringComparison.Ordinal) || n.EndsWith("VdsCommand", StringComparison.Ordinal)) n = n.Substring(0, n.Length - "VDSCommand".Length);
            return n;
        }
    }
}
